import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, CardContent, CardDescription, CardHeader } from '@/components/ui/card';
import { getMfaStatus } from '@/lib/admin-mfa/admin-mfa.service';
import { loadPage } from '@/lib/page';
import { SecurityPanel } from './security-panel';

export const metadata: Metadata = { title: 'Account security' };
export const dynamic = 'force-dynamic';

/** Outside the admin shell: an admin whose role requires two-step sign-in is sent here before anything else. */
export default async function AccountSecurityPage() {
  const page = await loadPage('account:own', ({ em, actor }) => getMfaStatus(em, actor.id));
  if (!page.allowed) return null;
  return (
    <main className="grid min-h-svh place-items-center bg-muted/40 p-4">
      <Card className="w-full max-w-md">
        <CardHeader>
          <h1 className="text-xl font-semibold tracking-tight">Account security</h1>
          <CardDescription>Two-step sign-in asks for a code from an authenticator app after your password. Signed in as {page.actor.email}.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <SecurityPanel enrolled={page.data.enrolled} recoveryCodesLeft={page.data.recoveryCodesLeft} />
          <Link href="/dashboard" className="text-sm underline">
            Back to the dashboard
          </Link>
        </CardContent>
      </Card>
    </main>
  );
}
