import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '@/lib/actor';

export type UserDataAccessKind = 'page_view' | 'phone_reveal' | 'data_package';

/**
 * Records that an admin looked at a person's data (decision 054): one plain INSERT, outside the audit
 * chain, so every user-page view can afford it. The admin's email is kept beside the id, so the record
 * still says who after the admin account is gone.
 */
export async function recordUserDataAccess(
  em: EntityManager,
  access: { identityId: string; actor: Pick<Actor, 'id' | 'email'>; kind: UserDataAccessKind; reason?: string | null },
): Promise<void> {
  await em.execute(`INSERT INTO user_data_access (identity_id, admin_id, admin_label, kind, reason) VALUES (?::uuid, ?::uuid, ?, ?, ?)`, [
    access.identityId,
    access.actor.id,
    access.actor.email,
    access.kind,
    access.reason ?? null,
  ]);
}
