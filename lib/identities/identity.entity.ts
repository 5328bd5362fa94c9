import { defineEntity, type InferEntity } from '@mikro-orm/core';

const p = defineEntity.properties;

/**
 * An identity hash some legacy source names (decision 034). The flags say which sources name it now;
 * `inRegistry` false is an orphan: known to the chain, KYC, the directory or the log, not to wallet-db.json.
 * The hash is personal data (it is derived from the phone number).
 */
export const Identity = defineEntity({
  name: 'Identity',
  tableName: 'identities',
  properties: {
    identityHash: p.text().primary(),
    // The id pages and links use: the hash is personal data and never goes into a URL (decision 054).
    id: p.uuid().defaultRaw('gen_random_uuid()').unique('identities_id_key'),
    inRegistry: p.boolean().default(false),
    inIdentityMap: p.boolean().default(false),
    inWalletDirectory: p.boolean().default(false),
    inKyc: p.boolean().default(false),
    inTransactions: p.boolean().default(false),
    inConsents: p.boolean().default(false),
    firstSeenAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    lastSeenAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});

export type IdentityEntity = InferEntity<typeof Identity>;

/**
 * The `identity_hash` column of a row that belongs to an identity: a foreign key to `identities`, read
 * and written as the hash itself. Deferrable (checked at once unless a transaction defers it, as the
 * import does).
 */
export function identityHashReference(tableName: string) {
  return p
    .manyToOne(Identity)
    .fieldName('identity_hash')
    .mapToPk()
    .foreignKeyName(`${tableName}_identity_hash_fkey`)
    .deferMode('immediate')
    .updateRule('no action')
    .deleteRule('no action');
}
