import 'server-only';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '@/lib/actor';
import type { Permission } from '@/lib/auth/permissions';
import { authenticateApiToken } from './api-token.service';

export { bearerSecret } from './api-token.service';

/** The token's owner, acting with the token's role; audit rows name the owner and the token. */
export async function tokenCaller(em: EntityManager, secret: string, permission: Permission): Promise<{ actor: Actor; actorLabel: string }> {
  const { actor, tokenId } = await authenticateApiToken(em, secret, permission);
  return { actor, actorLabel: `${actor.email} via API token ${tokenId}` };
}
