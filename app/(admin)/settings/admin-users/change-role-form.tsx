'use client';

import { useActionState } from 'react';
import { ActionResult } from '@/components/ui/action-result';
import { ROLE_LABELS, ROLES, type Role } from '@/lib/auth/permissions';
import { changeAdminRoleAction } from './actions';

export function ChangeRoleForm({ id, email, role }: { id: string; email: string; role: Role }) {
  const [state, action, pending] = useActionState(changeAdminRoleAction, undefined);
  return (
    <form action={action} className="inline" style={{ gap: '0.4rem' }}>
      <input type="hidden" name="id" value={id} />
      <select name="role" defaultValue={role} aria-label={`Role of ${email}`}>
        {ROLES.map((option) => (
          <option key={option} value={option}>
            {ROLE_LABELS[option]}
          </option>
        ))}
      </select>
      <button type="submit" className="secondary" disabled={pending}>
        Save
      </button>
      <ActionResult state={state} />
    </form>
  );
}
