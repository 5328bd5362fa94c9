'use client';

import { useState } from 'react';
import { Checkbox } from '@/components/ui/checkbox';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { Label } from '@/components/ui/label';
import { ALWAYS_MFA_ROLE, OPTIONAL_MFA_ROLES } from '@/lib/admin-mfa/mfa-policy.schemas';
import { ROLE_LABELS, type Role } from '@/lib/auth/permissions';
import { setMfaRequiredRolesAction } from './actions';

/** Ticks per role, then a confirmation naming the resulting list; only the confirmation sends it. */
export function MfaRolesForm({ required, fromEnvironment }: { required: Role[]; fromEnvironment: boolean }) {
  const [chosen, setChosen] = useState<Role[]>(required.filter((role) => role !== ALWAYS_MFA_ROLE));
  const toggle = (role: Role, on: boolean) => setChosen((current) => (on ? [...current, role] : current.filter((each) => each !== role)));
  const resulting: Role[] = [ALWAYS_MFA_ROLE, ...OPTIONAL_MFA_ROLES.filter((role) => chosen.includes(role))];

  return (
    <div className="grid gap-4">
      {fromEnvironment && <p className="text-sm text-muted-foreground">Not saved yet: the list below is the server&apos;s default (MFA_REQUIRED_ROLES).</p>}
      <fieldset className="grid gap-3">
        <legend className="mb-2 text-sm font-medium">Roles that must use two-step sign-in</legend>
        <div className="flex items-center gap-2">
          <Checkbox id="mfa-super_admin" checked disabled aria-describedby="mfa-super_admin-hint" />
          <Label htmlFor="mfa-super_admin">{ROLE_LABELS[ALWAYS_MFA_ROLE]}</Label>
          <span id="mfa-super_admin-hint" className="text-sm text-muted-foreground">
            always required
          </span>
        </div>
        {OPTIONAL_MFA_ROLES.map((role) => (
          <div key={role} className="flex items-center gap-2">
            <Checkbox id={`mfa-${role}`} checked={chosen.includes(role)} onCheckedChange={(value) => toggle(role, value === true)} />
            <Label htmlFor={`mfa-${role}`}>{ROLE_LABELS[role]}</Label>
          </div>
        ))}
      </fieldset>
      <div>
        <ConfirmAction
          action={setMfaRequiredRolesAction}
          fields={Object.fromEntries(chosen.map((role) => [role, 'on']))}
          label="Save"
          title="Change who must use two-step sign-in?"
          description={`Required for: ${resulting.map((role) => ROLE_LABELS[role]).join(', ')}. Admins of these roles without a second factor are asked to set one up at their next page.`}
          confirmLabel="Save"
        />
      </div>
    </div>
  );
}
