'use client';

import { LocalDataTable } from '@/components/data-table/local-data-table';
import type { AdminUserDto } from '@/lib/admin-users/admin-user.dto';
import { adminUsersColumns } from './admin-users-columns';

export function AdminUsersTable({ users }: { users: AdminUserDto[] }) {
  return <LocalDataTable columns={adminUsersColumns} data={users} caption="Admin users" emptyMessage="No admin users yet." getRowId={(user) => user.id} />;
}
