import { KeyRoundIcon } from 'lucide-react';
import { Alert, AlertDescription } from '@/components/ui/alert';

/** Shown once after create/reset; the password is not stored in clear anywhere and cannot be shown again. */
export function OneTimePassword({ email, password }: { email: string; password: string }) {
  return (
    <Alert role="status" variant="success">
      <KeyRoundIcon aria-hidden />
      <AlertDescription className="text-foreground">
        <p>
          One-time password for <strong>{email}</strong>:{' '}
          <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-sm" data-testid="one-time-password">
            {password}
          </code>
        </p>
        <p>Copy it now and hand it over securely; it will not be shown again.</p>
      </AlertDescription>
    </Alert>
  );
}
