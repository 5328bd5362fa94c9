import type { Metadata } from 'next';
import { AccessDenied } from '@/components/ui/access-denied';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { toAdminUserDto } from '@/lib/admin-users/admin-user.dto';
import { findAllAdminUsers } from '@/lib/admin-users/admin-user.repository';
import { loadPage } from '@/lib/page';
import { AdminUsersTable } from './admin-users-table';
import { CreateAdminUserForm } from './create-admin-user-form';

export const metadata: Metadata = { title: 'Admin users' };

export default async function AdminUsersPage() {
  const page = await loadPage('admin-users:manage', async ({ em }) => (await findAllAdminUsers(em)).map((user) => toAdminUserDto(user)));
  if (!page.allowed) return <AccessDenied message={page.message} />;
  return (
    <>
      <PageHeader title="Settings · Admin users" description="Who may sign in to Pend Admin, with which role." />
      <CreateAdminUserForm />
      <Section id="admin-users" title="Admin users">
        <AdminUsersTable users={page.data} />
      </Section>
    </>
  );
}
