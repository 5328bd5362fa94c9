'use client';

import { useActionState, useState } from 'react';
import { KeyRoundIcon } from 'lucide-react';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { FormField } from '@/components/ui/form-field';
import { FormMessage } from '@/components/ui/form-message';
import { Input } from '@/components/ui/input';
import { NativeSelect } from '@/components/ui/native-select';
import { ROLE_LABELS, ROLES, type Role } from '@/lib/auth/permissions';
import { createApiTokenAction } from './actions';

export function CreateApiTokenForm({ ownRole }: { ownRole: Role }) {
  const [state, action, pending] = useActionState(createApiTokenAction, undefined);
  return (
    <Card role="region" aria-labelledby="create-token-title">
      <CardHeader>
        <CardTitle id="create-token-title">Create a token</CardTitle>
        <CardDescription>The token is shown once. Its role cannot give more rights than yours; it expires after at most 365 days.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <form action={action} className="flex flex-wrap items-start gap-4" noValidate>
          <FormField id="token-name" label="Name" errors={state?.fieldErrors?.name} className="min-w-64 flex-1">
            <Input name="name" required maxLength={80} />
          </FormField>
          <FormField id="token-role" label="Role" errors={state?.fieldErrors?.role}>
            <NativeSelect name="role" defaultValue={ownRole} className="w-44">
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {ROLE_LABELS[role]}
                </option>
              ))}
            </NativeSelect>
          </FormField>
          <FormField id="token-days" label="Expires in (days)" errors={state?.fieldErrors?.expiresInDays}>
            <Input name="expiresInDays" type="number" min={1} max={365} defaultValue={90} className="w-32" />
          </FormField>
          <Button type="submit" disabled={pending} className="mt-[1.375rem]">
            {pending ? 'Creating…' : 'Create token'}
          </Button>
        </form>
        {state?.ok && state.data ? <NewTokenSecret name={state.data.name} secret={state.data.secret} /> : <FormMessage state={state} />}
      </CardContent>
    </Card>
  );
}

/** Shown once after creation: only the token's SHA-256 is stored, so it cannot be shown again. */
function NewTokenSecret({ name, secret }: { name: string; secret: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Alert role="status" variant="success">
      <KeyRoundIcon aria-hidden />
      <AlertDescription className="text-foreground">
        <p>
          Token <strong>{name}</strong>:{' '}
          <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-sm break-all" data-testid="new-api-token">
            {secret}
          </code>
        </p>
        <p>Copy it now; it will not be shown again.</p>
        <Button
          type="button"
          size="sm"
          variant="outline"
          onClick={() =>
            void navigator.clipboard.writeText(secret).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? 'Copied' : 'Copy token'}
        </Button>
      </AlertDescription>
    </Alert>
  );
}
