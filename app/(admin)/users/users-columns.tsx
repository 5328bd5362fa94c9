'use client';

import type { ColumnDef } from '@tanstack/react-table';
import Link from 'next/link';
import { DataTableColumnHeader } from '@/components/data-table/data-table-column-header';
import type { ColumnOption } from '@/components/data-table/data-table-view-options';
import { Badge } from '@/components/ui/badge';
import type { UserListRowDto } from '@/lib/users/user.dto';
import { formatAmount, formatDay } from '../assets/format';

/** The directory's columns; ids are the list query's column (and sort) names. */
export const USER_COLUMN_OPTIONS: ColumnOption[] = [
  { id: 'phone', label: 'Phone' },
  { id: 'wallet', label: 'Wallet' },
  { id: 'tier', label: 'Tier' },
  { id: 'kyc', label: 'KYC' },
  { id: 'status', label: 'Account' },
  { id: 'registered', label: 'Registered' },
  { id: 'lastActivity', label: 'Last activity' },
  { id: 'invested', label: 'Invested' },
  { id: 'transactions', label: 'Transactions' },
];
const label = (id: string) => USER_COLUMN_OPTIONS.find((option) => option.id === id)!.label;

export const KYC_LABELS: Record<string, string> = {
  pending_review: 'Pending review',
  under_review: 'Under review',
  verified: 'Verified',
  rejected: 'Rejected',
  not_submitted: 'Not submitted',
};
export const ACCOUNT_LABELS: Record<string, string> = { active: 'Active', suspended: 'Suspended', closed: 'Closed', not_registered: 'Not registered' };

/** The user page of a row, by the identity's opaque id (the identity hash is personal data and stays out of URLs). */
export const userHref = (user: UserListRowDto) => `/users/${user.id}`;

const missing = <span className="text-muted-foreground">—</span>;
const numeric = 'block text-right font-mono tabular-nums whitespace-nowrap';
const KYC_VARIANTS: Record<string, 'default' | 'secondary' | 'outline' | 'destructive'> = {
  verified: 'default',
  rejected: 'destructive',
  pending_review: 'secondary',
  under_review: 'secondary',
  not_submitted: 'outline',
};

const sortable = (id: string, accessorKey: keyof UserListRowDto): Pick<ColumnDef<UserListRowDto, unknown>, 'id' | 'header'> & { accessorKey: string } => ({
  id,
  accessorKey,
  header: ({ column }) => <DataTableColumnHeader column={column} title={label(id)} />,
});

export const userColumns: ColumnDef<UserListRowDto, unknown>[] = [
  {
    ...sortable('phone', 'phoneMasked'),
    cell: ({ row }) => (
      <Link href={userHref(row.original)} prefetch={false} tabIndex={-1} className="font-mono whitespace-nowrap hover:underline">
        {row.original.phoneMasked ?? <span className="text-muted-foreground italic">No phone</span>}
      </Link>
    ),
  },
  {
    ...sortable('wallet', 'walletAddress'),
    cell: ({ row }) =>
      row.original.walletAddress ? (
        <code title={row.original.walletAddress} className="font-mono text-xs">
          {row.original.walletAddress.slice(0, 8)}…{row.original.walletAddress.slice(-6)}
        </code>
      ) : (
        missing
      ),
  },
  {
    ...sortable('tier', 'tier'),
    cell: ({ row }) => (row.original.tier === null ? missing : <span className="font-mono tabular-nums">Tier {row.original.tier}</span>),
  },
  {
    ...sortable('kyc', 'kycStatus'),
    cell: ({ row }) => (
      <Badge variant={KYC_VARIANTS[row.original.kycStatus] ?? 'outline'}>{KYC_LABELS[row.original.kycStatus] ?? row.original.kycStatus}</Badge>
    ),
  },
  {
    ...sortable('status', 'accountStatus'),
    cell: ({ row }) => (
      <Badge variant={row.original.accountStatus === 'active' ? 'outline' : 'secondary'}>
        {ACCOUNT_LABELS[row.original.accountStatus] ?? row.original.accountStatus}
      </Badge>
    ),
  },
  {
    ...sortable('registered', 'registeredAt'),
    cell: ({ row }) => <span className="font-mono whitespace-nowrap">{formatDay(row.original.registeredAt) ?? missing}</span>,
  },
  {
    ...sortable('lastActivity', 'lastActivityAt'),
    cell: ({ row }) => <span className="font-mono whitespace-nowrap">{formatDay(row.original.lastActivityAt) ?? missing}</span>,
  },
  {
    ...sortable('invested', 'investedTotal'),
    cell: ({ row }) => <span className={numeric}>{formatAmount(row.original.investedTotal)}</span>,
  },
  {
    ...sortable('transactions', 'transactions'),
    cell: ({ row }) => <span className={numeric}>{row.original.transactions.toLocaleString('en-US')}</span>,
  },
];
