'use client';

import { useActionState } from 'react';
import { ActionResult } from '@/components/ui/action-result';
import { Button } from '@/components/ui/button';
import { NativeSelect } from '@/components/ui/native-select';
import { ROLE_LABELS, ROLES, type Role } from '@/lib/auth/permissions';
import { changeAdminRoleAction } from './actions';

export function ChangeRoleForm({ id, email, role }: { id: string; email: string; role: Role }) {
  const [state, action, pending] = useActionState(changeAdminRoleAction, undefined);
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="id" value={id} />
      <NativeSelect name="role" defaultValue={role} aria-label={`Role of ${email}`} className="w-36 shrink-0">
        {ROLES.map((option) => (
          <option key={option} value={option}>
            {ROLE_LABELS[option]}
          </option>
        ))}
      </NativeSelect>
      <Button type="submit" variant="outline" size="sm" disabled={pending}>
        Save
      </Button>
      <ActionResult state={state} />
    </form>
  );
}
