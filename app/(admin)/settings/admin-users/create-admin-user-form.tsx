'use client';

import { useActionState } from 'react';
import { FieldError } from '@/components/ui/field-error';
import { FormMessage } from '@/components/ui/form-message';
import { OneTimePassword } from '@/components/ui/one-time-password';
import { ROLE_LABELS, ROLES } from '@/lib/auth/permissions';
import { createAdminUserAction } from './actions';

export function CreateAdminUserForm() {
  const [state, action, pending] = useActionState(createAdminUserAction, undefined);
  return (
    <section className="panel" aria-labelledby="create-admin-title">
      <h2 id="create-admin-title" style={{ marginTop: 0 }}>
        Add an admin user
      </h2>
      <form action={action} className="inline" noValidate>
        <label>
          Email
          <input name="email" type="email" required aria-invalid={!!state?.fieldErrors?.email} aria-describedby="new-email-error" />
          <FieldError id="new-email-error" errors={state?.fieldErrors?.email} />
        </label>
        <label>
          Name
          <input name="name" aria-invalid={!!state?.fieldErrors?.name} aria-describedby="new-name-error" />
          <FieldError id="new-name-error" errors={state?.fieldErrors?.name} />
        </label>
        <label>
          Role
          <select name="role" defaultValue="viewer" aria-invalid={!!state?.fieldErrors?.role} aria-describedby="new-role-error">
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role]}
              </option>
            ))}
          </select>
          <FieldError id="new-role-error" errors={state?.fieldErrors?.role} />
        </label>
        <button type="submit" disabled={pending}>
          {pending ? 'Creating…' : 'Create'}
        </button>
      </form>
      <div style={{ marginTop: '0.75rem' }}>
        {state?.ok && state.data ? <OneTimePassword email={state.data.email} password={state.data.oneTimePassword} /> : <FormMessage state={state} />}
      </div>
    </section>
  );
}
