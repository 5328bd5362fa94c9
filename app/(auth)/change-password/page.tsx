import type { Metadata } from 'next';
import { Card, CardContent, CardDescription, CardHeader } from '@/components/ui/card';
import { findAdminUserById } from '@/lib/admin-users/admin-user.repository';
import { loadPage } from '@/lib/page';
import { ChangePasswordForm } from './change-password-form';

export const metadata: Metadata = { title: 'Change password' };
export const dynamic = 'force-dynamic';

/** Outside the admin shell: a session holding a one-time password reaches this page and nothing else. */
export default async function ChangePasswordPage() {
  const page = await loadPage('account:own', async ({ em, actor }) => ({ mustChange: (await findAdminUserById(em, actor.id))?.mustChangePassword ?? false }));
  const mustChange = page.allowed && page.data.mustChange;
  return (
    <main className="grid min-h-svh place-items-center bg-muted/40 p-4">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <h1 className="text-xl font-semibold tracking-tight">Change password</h1>
          <CardDescription>
            {mustChange
              ? 'You signed in with a one-time password. Choose your own password to continue.'
              : 'Give your current password, then the new one twice (12 characters at least).'}
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ChangePasswordForm />
        </CardContent>
      </Card>
    </main>
  );
}
