'use client';

import { RotateCwIcon, TriangleAlertIcon } from 'lucide-react';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

export type RouteErrorProps = { error: Error & { digest?: string }; reset: () => void };

/**
 * What a page that failed on the server shows: the request's error id (Next.js's digest, the key to the
 * server log entry) and a retry. Never the message or stack: in production Next.js replaces them anyway,
 * and in development they would show internals a screenshot could leak.
 */
export function RouteError({ area, error, reset }: RouteErrorProps & { area: string }) {
  return (
    <div className="grid max-w-2xl gap-4">
      <Alert role="alert" variant="destructive">
        <TriangleAlertIcon aria-hidden />
        <AlertTitle>{area} could not be shown.</AlertTitle>
        <AlertDescription>
          <p>Something went wrong on the server. Try again; if it keeps failing, give this error id to whoever runs the server.</p>
          <p>
            Error id:{' '}
            <code className="font-mono text-foreground" data-testid="error-id">
              {error.digest ?? 'none (the error happened in the browser)'}
            </code>
          </p>
        </AlertDescription>
      </Alert>
      <div>
        <Button variant="outline" onClick={reset}>
          <RotateCwIcon aria-hidden /> Try again
        </Button>
      </div>
    </div>
  );
}
