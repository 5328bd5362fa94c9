import type { EntityManager } from '@mikro-orm/postgresql';
import { ROLES, type Role } from '@/lib/auth/permissions';
import { env } from '@/lib/env';
import { AppSetting } from '@/lib/settings/app-setting.entity';
import { ALWAYS_MFA_ROLE } from './mfa-policy.schemas';

/** The setting the session check reads (lib/admin-sessions/admin-session.repository.ts), over MFA_REQUIRED_ROLES. */
export const MFA_REQUIRED_ROLES_KEY = 'mfa.required_roles';

export type MfaPolicy = { roles: Role[]; source: 'setting' | 'environment' };

/** Which roles must use two-step sign-in: the setting once saved, else the environment's default. */
export async function getMfaPolicy(em: EntityManager): Promise<MfaPolicy> {
  const setting = await em.findOne(AppSetting, { key: MFA_REQUIRED_ROLES_KEY });
  if (Array.isArray(setting?.value)) return { roles: ROLES.filter((role) => (setting.value as unknown[]).includes(role)), source: 'setting' };
  return { roles: [...env().MFA_REQUIRED_ROLES], source: 'environment' };
}

/**
 * Saves the list (super admin always in it). The row trigger audits the change with the admin's
 * context; sessions of a newly required role without a second factor are sent to enrol on their next request.
 */
export async function setMfaRequiredRoles(em: EntityManager, roles: Role[]): Promise<Role[]> {
  const saved = ROLES.filter((role) => role === ALWAYS_MFA_ROLE || roles.includes(role));
  await em.execute(
    `INSERT INTO app_settings (key, value, updated_at) VALUES (?, ?::jsonb, now())
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [MFA_REQUIRED_ROLES_KEY, JSON.stringify(saved)],
  );
  return saved;
}
