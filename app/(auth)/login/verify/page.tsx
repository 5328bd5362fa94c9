import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Card, CardContent, CardDescription, CardHeader } from '@/components/ui/card';
import { auth } from '@/lib/auth/next-auth';
import { VerifyForm } from './verify-form';

export const metadata: Metadata = { title: 'Two-step sign-in' };
export const dynamic = 'force-dynamic';

/** The code after the password; the action checks the session itself. */
export default async function VerifyPage() {
  if (!(await auth())?.user?.id) redirect('/login');
  return (
    <main className="grid min-h-svh place-items-center bg-muted/40 p-4">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <h1 className="text-xl font-semibold tracking-tight">Two-step sign-in</h1>
          <CardDescription>Enter the 6-digit code from your authenticator app, or one of your recovery codes.</CardDescription>
        </CardHeader>
        <CardContent>
          <VerifyForm />
        </CardContent>
      </Card>
    </main>
  );
}
