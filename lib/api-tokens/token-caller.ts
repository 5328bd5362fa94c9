import 'server-only';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '@/lib/actor';
import type { AuditSource } from '@/lib/audit/audit-context';
import type { Permission } from '@/lib/auth/permissions';
import { authenticateApiToken } from './api-token.service';

export { bearerSecret } from './api-token.service';

/** The token's owner, acting with the token's role; audit rows name the owner and the token, under the `api-token` source. */
export async function tokenCaller(
  em: EntityManager,
  secret: string,
  permission: Permission,
): Promise<{ actor: Actor; actorLabel: string; source: AuditSource }> {
  const { actor, tokenId } = await authenticateApiToken(em, secret, permission);
  return { actor, actorLabel: `${actor.email} via API token ${tokenId}`, source: 'api-token' };
}
