'use client';

import type { ColumnDef } from '@tanstack/react-table';
import { ActionResult } from '@/components/ui/action-result';
import { Badge } from '@/components/ui/badge';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { OneTimePassword } from '@/components/ui/one-time-password';
import type { AdminUserDto } from '@/lib/admin-users/admin-user.dto';
import { resetAdminMfaAction, resetAdminPasswordAction, setAdminActiveAction } from './actions';
import { ChangeRoleForm } from './change-role-form';
import { formatUtcStamp } from '@/lib/display-time';

export const adminUsersColumns: ColumnDef<AdminUserDto>[] = [
  { accessorKey: 'email', header: 'Email', cell: ({ getValue }) => <span dir="auto">{getValue<string>()}</span> },
  { accessorKey: 'name', header: 'Name', cell: ({ getValue }) => <span dir="auto">{getValue<string>()}</span> },
  {
    accessorKey: 'role',
    header: 'Role',
    cell: ({ row }) => <ChangeRoleForm id={row.original.id} email={row.original.email} role={row.original.role} />,
  },
  {
    id: 'status',
    header: 'Status',
    accessorFn: (user) => (user.isActive ? (user.isUnderAttack ? 'failed sign-ins' : 'active') : 'deactivated'),
    cell: ({ getValue }) => {
      const status = getValue<string>();
      return <Badge variant={status === 'active' ? 'success' : status === 'failed sign-ins' ? 'warning' : 'destructive'}>{status}</Badge>;
    },
  },
  {
    accessorKey: 'lastLoginAt',
    header: 'Last sign-in',
    cell: ({ getValue }) => {
      const value = getValue<string | null>();
      return value ? formatUtcStamp(value) : 'never';
    },
  },
  {
    id: 'actions',
    header: 'Actions',
    enableSorting: false,
    cell: ({ row }) => {
      const user = row.original;
      return (
        <div className="flex items-center gap-2">
          <ConfirmAction
            action={setAdminActiveAction}
            fields={{ id: user.id, isActive: String(!user.isActive) }}
            label={user.isActive ? 'Deactivate' : 'Reactivate'}
            title={`${user.isActive ? 'Deactivate' : 'Reactivate'} ${user.email}?`}
            description={
              user.isActive
                ? 'They are signed out on their next request and cannot sign in again until reactivated.'
                : 'They can sign in again with their current password.'
            }
            confirmLabel={user.isActive ? 'Deactivate' : 'Reactivate'}
            danger={user.isActive}
          />
          <ConfirmAction
            action={resetAdminPasswordAction}
            fields={{ id: user.id }}
            label="Reset password"
            title={`Reset the password of ${user.email}?`}
            description="Their current password stops working at once and a one-time password is shown to you."
            confirmLabel="Reset password"
            danger
            renderResult={(state) =>
              state.ok && state.data ? <OneTimePassword email={state.data.email} password={state.data.oneTimePassword} /> : <ActionResult state={state} />
            }
          />
          <ConfirmAction
            action={resetAdminMfaAction}
            fields={{ id: user.id }}
            label="Reset two-step"
            title={`Reset two-step sign-in of ${user.email}?`}
            description="Their authenticator and recovery codes stop working and they are signed out (for a lost phone)."
            confirmLabel="Reset two-step"
            danger
          />
        </div>
      );
    },
  },
];
