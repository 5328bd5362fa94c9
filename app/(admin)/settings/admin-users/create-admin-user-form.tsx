'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { FormField } from '@/components/ui/form-field';
import { FormMessage } from '@/components/ui/form-message';
import { Input } from '@/components/ui/input';
import { NativeSelect } from '@/components/ui/native-select';
import { OneTimePassword } from '@/components/ui/one-time-password';
import { ROLE_LABELS, ROLES } from '@/lib/auth/permissions';
import { createAdminUserAction } from './actions';

export function CreateAdminUserForm() {
  const [state, action, pending] = useActionState(createAdminUserAction, undefined);
  return (
    <Card role="region" aria-labelledby="create-admin-title">
      <CardHeader>
        <CardTitle id="create-admin-title">Add an admin user</CardTitle>
        <CardDescription>They get a one-time password, shown here once.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <form action={action} className="flex flex-wrap items-start gap-4" noValidate>
          <FormField id="new-email" label="Email" errors={state?.fieldErrors?.email} className="min-w-64 flex-1">
            <Input name="email" type="email" required />
          </FormField>
          <FormField id="new-name" label="Name" errors={state?.fieldErrors?.name} className="min-w-48 flex-1">
            <Input name="name" dir="auto" />
          </FormField>
          <FormField id="new-role" label="Role" errors={state?.fieldErrors?.role}>
            <NativeSelect name="role" defaultValue="viewer" className="w-44">
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {ROLE_LABELS[role]}
                </option>
              ))}
            </NativeSelect>
          </FormField>
          <Button type="submit" disabled={pending} className="mt-[1.375rem]">
            {pending ? 'Creating…' : 'Create'}
          </Button>
        </form>
        {state?.ok && state.data ? <OneTimePassword email={state.data.email} password={state.data.oneTimePassword} /> : <FormMessage state={state} />}
      </CardContent>
    </Card>
  );
}
