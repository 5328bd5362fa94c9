'use client';

import type { ColumnDef } from '@tanstack/react-table';
import { RotateCcwIcon } from 'lucide-react';
import Link from 'next/link';
import { DataTableColumnHeader } from '@/components/data-table/data-table-column-header';
import type { ColumnOption } from '@/components/data-table/data-table-view-options';
import { Badge } from '@/components/ui/badge';
import type { KycQueueRowDto } from '@/lib/kyc/kyc.dto';
import { KYC_DOCUMENT_LABELS } from '@/lib/kyc/kyc-labels';
import { shortHash, SlaIndicator, StatusBadge } from './kyc-display';

export const KYC_COLUMN_OPTIONS: ColumnOption[] = [
  { id: 'application', label: 'Applicant' },
  { id: 'status', label: 'Status' },
  { id: 'submitted', label: 'Submitted (UTC)' },
  { id: 'age', label: 'Age · SLA' },
  { id: 'documents', label: 'Documents for tier' },
  { id: 'assignee', label: 'Assignee' },
  { id: 'priority', label: 'Priority' },
];
const label = (id: string) => KYC_COLUMN_OPTIONS.find((option) => option.id === id)!.label;

export const kycColumns: ColumnDef<KycQueueRowDto, unknown>[] = [
  {
    id: 'application',
    enableSorting: false,
    header: label('application'),
    cell: ({ row }) => (
      <span className="flex flex-col">
        <Link href={`/kyc/${row.original.identityHash}`} className="font-mono font-medium underline-offset-4 hover:underline">
          {shortHash(row.original.identityHash)}
        </Link>
        <span className="text-xs text-muted-foreground">{row.original.phoneMasked ?? 'no phone on file'}</span>
      </span>
    ),
  },
  {
    id: 'status',
    accessorKey: 'status',
    header: ({ column }) => <DataTableColumnHeader column={column} title={label('status')} />,
    cell: ({ row }) => <StatusBadge status={row.original.status} legacy={row.original.statusLegacy} />,
  },
  {
    id: 'submitted',
    accessorKey: 'submittedAt',
    header: ({ column }) => <DataTableColumnHeader column={column} title={label('submitted')} />,
    cell: ({ row }) => <span className="font-mono whitespace-nowrap">{row.original.submittedAt?.replace('T', ' ').slice(0, 16) ?? '—'}</span>,
  },
  {
    id: 'age',
    enableSorting: false,
    header: label('age'),
    cell: ({ row }) => <SlaIndicator sla={row.original.sla} />,
  },
  {
    id: 'documents',
    enableSorting: false,
    header: label('documents'),
    cell: ({ row }) => (
      <span className="flex max-w-72 flex-wrap gap-1">
        <span className="sr-only">Tier {row.original.requestedTier}:</span>
        <Badge variant="secondary">Tier {row.original.requestedTier}</Badge>
        {row.original.received.map((type) => (
          <Badge key={type} variant="outline">
            {KYC_DOCUMENT_LABELS[type]}
          </Badge>
        ))}
        {row.original.missing.map((missing) => (
          <Badge key={missing} variant="warning">
            missing {missing.toLowerCase()}
          </Badge>
        ))}
      </span>
    ),
  },
  {
    id: 'assignee',
    enableSorting: false,
    header: label('assignee'),
    cell: ({ row }) =>
      row.original.assigneeName ? <span dir="auto">{row.original.assigneeName}</span> : <span className="text-muted-foreground">Unassigned</span>,
  },
  {
    id: 'priority',
    accessorKey: 'priority',
    header: ({ column }) => <DataTableColumnHeader column={column} title={label('priority')} />,
    cell: ({ row }) => (
      <span className="flex flex-wrap gap-1">
        {row.original.resubmission && row.original.sla && (
          <Badge variant="warning">
            <RotateCcwIcon aria-hidden /> resubmission
          </Badge>
        )}
        {row.original.requestedTier >= 4 && row.original.sla && <Badge variant="secondary">high tier</Badge>}
        {row.original.priority === 0 && <span className="text-muted-foreground">normal</span>}
      </span>
    ),
  },
];
