import { Migration } from '@mikro-orm/migrations';
import { decryptPii, encryptPii, maskPhone, phoneSearchTokens, type PiiKeyring } from '@/lib/crypto';
import { isMaskedPhone } from '@/lib/migration/mappings/transactions-log';
import { byteaArrayText, byteaText } from '@/lib/migration/codecs';
import { piiKeyring } from '@/lib/pii-keyring';

/** The phone-bearing legacy tables and the prefix of their phone columns. */
const PHONE_COLUMNS = [
  { table: 'wallet_directory', column: 'full_phone' },
  { table: 'transaction_log', column: 'phone' },
] as const;

/** The tables keeping a legacy `maskedPhone` text (`+2010123****`), now encrypted beside the short mask. */
const LEGACY_MASK_TABLES = ['wallet_directory', 'identity_map'] as const;

const BATCH_ROWS = 5_000;

type PhoneRow = { id: string; ciphertext: string; key_id: string };
type Rewrite = { id: string; masked: string; last4_token: string | null; prefix_tokens: string | null; last4: string | null };

const profileView = (phoneSearchColumns: string) => `
      CREATE VIEW user_profiles AS
      SELECT i.identity_hash,
             u.id IS NOT NULL AS in_wallet_db,
             coalesce(u.wallet_address, m.wallet_address, d.wallet_address) AS wallet_address,
             m.tier,
             coalesce(k.status, 'not_submitted') AS kyc_status,
             CASE WHEN u.id IS NULL THEN 'orphan' WHEN k.status = 'verified' THEN 'verified' ELSE 'registered' END AS status,
             d.full_phone_encrypted AS phone_encrypted,
             d.full_phone_key_id AS phone_key_id,
             d.full_phone_hmac AS phone_hmac,
             coalesce(d.full_phone_masked, d.masked_phone, m.masked_phone) AS phone_masked,
             ${phoneSearchColumns},
             u.imported_at AS registered_imported_at
        FROM identities i
        LEFT JOIN users u ON u.legacy_key = i.identity_hash
        LEFT JOIN identity_map m ON m.legacy_key = i.identity_hash
        LEFT JOIN LATERAL (SELECT * FROM wallet_directory w WHERE w.identity_hash = i.identity_hash ORDER BY w.legacy_position LIMIT 1) d ON true
        LEFT JOIN kyc_applications k ON k.legacy_key = i.identity_hash
       WHERE i.in_registry OR i.in_identity_map OR i.in_wallet_directory OR i.in_kyc;`;

const redaction = (suffixes: string[]) => `
      CREATE OR REPLACE FUNCTION audit_redact(doc jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE STRICT AS $$
        SELECT coalesce(jsonb_object_agg(key, CASE
                 WHEN (${suffixes.map((suffix) => `key LIKE '%\\${suffix}'`).join(' OR ')}) AND value <> 'null'::jsonb
                   THEN to_jsonb('redacted:' || left(encode(digest(value::text, 'sha256'), 'hex'), 12))
                 ELSE value END), '{}'::jsonb)
          FROM jsonb_each(doc - 'password_hash')
      $$;`;

/**
 * Phones stop being rebuildable from what is stored next to the ciphertext (issue 13 item 1, decision 052):
 * `<col>_last4` (four clear digits) gives way to keyed tokens of the last four digits (`_last4_token`,
 * B-tree) and of the leading 3–7 digits (`_prefix_tokens`, GIN), and `<col>_masked` keeps only the country
 * code and the last two digits. Existing rows are rewritten from the ciphertext with the PII keyring, as the
 * import would write them now (already-masked transaction phones keep only their country code). The rewrite
 * is part of the schema change, so it skips the per-row audit entries like a bulk import (`pend.bulk_load`,
 * honoured for the schema owner only), and the audit trail redacts the tokens like the blind index.
 * The legacy `masked_phone` texts of `wallet_directory` and `identity_map` (five digits past the country
 * code) are encrypted into `masked_phone_encrypted`/`_key_id` and `masked_phone` keeps the short mask.
 * `down` restores the last four digits and the old masks from the ciphertext.
 */
export class Migration20261205223000PhoneSearchTokens extends Migration {
  readonly name = 'Migration20261205223000PhoneSearchTokens';

  override async up(): Promise<void> {
    await this.execute(`SELECT set_config('pend.bulk_load', 'on', true)`);
    await this.execute('DROP VIEW user_profiles');
    for (const { table, column } of PHONE_COLUMNS) {
      await this.execute(`ALTER TABLE ${table} ADD COLUMN ${column}_last4_token bytea, ADD COLUMN ${column}_prefix_tokens bytea[]`);
      await this.rewritePhones(table, column, (plaintext) => {
        if (isMaskedPhone(plaintext)) return { masked: maskPhone(plaintext), last4_token: null, prefix_tokens: null, last4: null };
        const tokens = phoneSearchTokens(this.keyring(), plaintext);
        return { masked: maskPhone(plaintext), last4_token: byteaText(tokens.last4Token), prefix_tokens: byteaArrayText(tokens.prefixTokens), last4: null };
      });
      await this.execute(`DROP INDEX ${table}_${column}_last4_idx; ALTER TABLE ${table} DROP COLUMN ${column}_last4`);
      await this.execute(
        `CREATE INDEX ${table}_${column}_last4_token_idx ON ${table} (${column}_last4_token) WHERE ${column}_last4_token IS NOT NULL;
         CREATE INDEX ${table}_${column}_prefix_tokens_idx ON ${table} USING gin (${column}_prefix_tokens) WHERE ${column}_prefix_tokens IS NOT NULL`,
      );
    }
    for (const table of LEGACY_MASK_TABLES) {
      await this.execute(`ALTER TABLE ${table} ADD COLUMN masked_phone_encrypted bytea, ADD COLUMN masked_phone_key_id text`);
      await this.rewriteLegacyMasks(table, 'encrypt');
    }
    await this.execute(profileView('d.full_phone_last4_token AS phone_last4_token, d.full_phone_prefix_tokens AS phone_prefix_tokens'));
    await this.execute(redaction(['_encrypted', '_hmac', '_token', '_tokens']));
  }

  override async down(): Promise<void> {
    await this.execute(`SELECT set_config('pend.bulk_load', 'on', true)`);
    await this.execute('DROP VIEW user_profiles');
    for (const { table, column } of PHONE_COLUMNS) {
      await this.execute(`ALTER TABLE ${table} ADD COLUMN ${column}_last4 text`);
      await this.rewritePhones(table, column, (plaintext) =>
        isMaskedPhone(plaintext)
          ? { masked: plaintext, last4_token: null, prefix_tokens: null, last4: null }
          : {
              masked: plaintext.length <= 4 ? '****' : `${plaintext.slice(0, -4)}****`,
              last4_token: null,
              prefix_tokens: null,
              last4: plaintext.replace(/\D/g, '').slice(-4),
            },
      );
      await this.execute(
        `DROP INDEX ${table}_${column}_last4_token_idx, ${table}_${column}_prefix_tokens_idx;
         ALTER TABLE ${table} DROP COLUMN ${column}_last4_token, DROP COLUMN ${column}_prefix_tokens;
         CREATE INDEX ${table}_${column}_last4_idx ON ${table} (${column}_last4) WHERE ${column}_last4 IS NOT NULL`,
      );
    }
    for (const table of LEGACY_MASK_TABLES) {
      await this.rewriteLegacyMasks(table, 'decrypt');
      await this.execute(`ALTER TABLE ${table} DROP COLUMN masked_phone_encrypted, DROP COLUMN masked_phone_key_id`);
    }
    await this.execute(profileView('d.full_phone_last4 AS phone_last4'));
    await this.execute(redaction(['_encrypted', '_hmac']));
  }

  private cachedKeyring: PiiKeyring | undefined;

  // Loaded on first use: a database without phones migrates without PII keys.
  private keyring(): PiiKeyring {
    this.cachedKeyring ??= piiKeyring();
    return this.cachedKeyring;
  }

  /** Every phone row of the table in id order, in batches: decrypted, then its derived columns set from `rewrite`. */
  private async rewritePhones(table: string, column: string, rewrite: (plaintext: string) => Omit<Rewrite, 'id'>): Promise<void> {
    const hasLast4 = await this.columnExists(table, `${column}_last4`);
    const hasTokens = await this.columnExists(table, `${column}_last4_token`);
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await this.execute(
        `SELECT id, encode(${column}_encrypted, 'base64') AS ciphertext, ${column}_key_id AS key_id FROM ${table}
          WHERE ${column}_encrypted IS NOT NULL AND id > ? ORDER BY id LIMIT ${BATCH_ROWS}`,
        [after],
      );
      if (rows.length === 0) return;
      const rewrites = (rows as PhoneRow[]).map((row) => ({
        id: row.id,
        ...rewrite(decryptPii(this.keyring(), row.key_id, Buffer.from(row.ciphertext, 'base64'))),
      }));
      const assignments = [
        `${column}_masked = v.masked`,
        ...(hasTokens ? [`${column}_last4_token = v.last4_token::bytea`, `${column}_prefix_tokens = v.prefix_tokens::bytea[]`] : []),
        ...(hasLast4 ? [`${column}_last4 = v.last4`] : []),
      ];
      await this.execute(
        `UPDATE ${table} AS t SET ${assignments.join(', ')}
           FROM jsonb_to_recordset(?::jsonb) AS v(id uuid, masked text, last4_token text, prefix_tokens text, last4 text)
          WHERE t.id = v.id`,
        [JSON.stringify(rewrites)],
      );
      after = rewrites[rewrites.length - 1].id;
    }
  }

  /** Encrypts each legacy mask text and leaves the short mask in `masked_phone`, or puts the decrypted text back. */
  private async rewriteLegacyMasks(table: string, direction: 'encrypt' | 'decrypt'): Promise<void> {
    const source = direction === 'encrypt' ? 'masked_phone IS NOT NULL' : 'masked_phone_encrypted IS NOT NULL';
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = (await this.execute(
        `SELECT id, masked_phone, encode(masked_phone_encrypted, 'base64') AS ciphertext, masked_phone_key_id AS key_id FROM ${table}
          WHERE ${source} AND id > ? ORDER BY id LIMIT ${BATCH_ROWS}`,
        [after],
      )) as Array<{ id: string; masked_phone: string; ciphertext: string | null; key_id: string | null }>;
      if (rows.length === 0) return;
      const rewrites = rows.map((row) => {
        if (direction === 'decrypt') {
          return { id: row.id, masked: decryptPii(this.keyring(), row.key_id!, Buffer.from(row.ciphertext!, 'base64')), encrypted: null, key_id: null };
        }
        const { keyId, ciphertext } = encryptPii(this.keyring(), row.masked_phone);
        return { id: row.id, masked: maskPhone(row.masked_phone), encrypted: byteaText(ciphertext), key_id: keyId };
      });
      await this.execute(
        `UPDATE ${table} AS t SET masked_phone = v.masked, masked_phone_encrypted = v.encrypted::bytea, masked_phone_key_id = v.key_id
           FROM jsonb_to_recordset(?::jsonb) AS v(id uuid, masked text, encrypted text, key_id text)
          WHERE t.id = v.id`,
        [JSON.stringify(rewrites)],
      );
      after = rewrites[rewrites.length - 1].id;
    }
  }

  private async columnExists(table: string, column: string): Promise<boolean> {
    const rows = await this.execute(`SELECT 1 FROM information_schema.columns WHERE table_name = ? AND column_name = ?`, [table, column]);
    return rows.length > 0;
  }
}
