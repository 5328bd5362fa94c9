import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateLegacyFolder } from '@/lib/legacy/testing/legacy-gen';
import { ownerEm, useTestOrm } from '@/lib/testing/test-orm';
import { runImport } from './run-import';

describe('user_profiles view', () => {
  it('joins every identity across the sources, keeps orphans and never exposes a phone in clear', async () => {
    const orm = await useTestOrm();
    const root = mkdtempSync(path.join(os.tmpdir(), 'pend-profiles-'));
    const { dir, expected } = generateLegacyFolder(root, 'small', 1);
    await runImport(await ownerEm(), {
      sourceDir: dir,
      backupDir: path.join(root, 'b'),
      storageDir: path.join(root, 'k'),
      context: { source: 'cli', actorLabel: 'vitest' },
    });
    const rows = await orm.em
      .fork()
      .execute<Array<{ status: string; in_wallet_db: boolean; tier: number | null; phone_masked: string | null; phone_last4_token: Buffer | null }>>(
        `SELECT status, in_wallet_db, tier, phone_masked, phone_last4_token FROM user_profiles`,
      );
    expect(rows.filter((row) => row.in_wallet_db)).toHaveLength(expected.sources['wallet-db.json'].records);
    const orphanKyc = expected.sources['uploads/kyc/metadata.json'].anomalies.orphanKey ?? [];
    expect(rows.filter((row) => row.status === 'orphan').length).toBeGreaterThanOrEqual(orphanKyc.length);
    expect(rows.every((row) => row.tier === null || (row.tier >= 0 && row.tier <= 5))).toBe(true);
    expect(rows.some((row) => row.phone_last4_token?.length === 32)).toBe(true);
    expect(rows.every((row) => !row.phone_masked || /[*X•]/.test(row.phone_masked))).toBe(true);

    // The profiles are the identities the registry, identity map, directory or KYC name, read from `identities`.
    const [coverage] = await orm.em.fork().execute<Array<{ missing: number; extra: number; transactionOnly: number; transactionOnlyProfiles: number }>>(
      `WITH named AS (
         SELECT legacy_key AS identity_hash FROM users UNION SELECT legacy_key FROM identity_map
         UNION SELECT identity_hash FROM wallet_directory WHERE identity_hash IS NOT NULL
         UNION SELECT legacy_key FROM kyc_applications UNION SELECT identity_hash FROM kyc_documents),
       transaction_only AS (SELECT identity_hash FROM identities WHERE in_transactions AND NOT (in_registry OR in_identity_map OR in_wallet_directory OR in_kyc))
       SELECT (SELECT count(*)::int FROM named n WHERE NOT EXISTS (SELECT 1 FROM user_profiles p WHERE p.identity_hash = n.identity_hash)) AS missing,
              (SELECT count(*)::int FROM user_profiles p WHERE NOT EXISTS (SELECT 1 FROM named n WHERE n.identity_hash = p.identity_hash)) AS extra,
              (SELECT count(*)::int FROM transaction_only) AS "transactionOnly",
              (SELECT count(*)::int FROM user_profiles p JOIN transaction_only t USING (identity_hash)) AS "transactionOnlyProfiles"`,
    );
    expect(coverage).toEqual({ missing: 0, extra: 0, transactionOnly: expect.any(Number), transactionOnlyProfiles: 0 });
    // Not vacuous: legacy-gen plants transaction-log identities no other source names.
    expect(coverage.transactionOnly).toBeGreaterThan(0);
    const [definition] = await orm.em.fork().execute<Array<{ text: string }>>(`SELECT pg_get_viewdef('user_profiles') AS text`);
    expect(definition.text).toMatch(/FROM\W+identities i\b/);
  });
});
