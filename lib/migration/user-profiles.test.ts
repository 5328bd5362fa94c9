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
      .execute<Array<{ status: string; in_wallet_db: boolean; tier: number | null; phone_masked: string | null; phone_last4: string | null }>>(
        `SELECT status, in_wallet_db, tier, phone_masked, phone_last4 FROM user_profiles`,
      );
    expect(rows.filter((row) => row.in_wallet_db)).toHaveLength(expected.sources['wallet-db.json'].records);
    const orphanKyc = expected.sources['uploads/kyc/metadata.json'].anomalies.orphanKey ?? [];
    expect(rows.filter((row) => row.status === 'orphan').length).toBeGreaterThanOrEqual(orphanKyc.length);
    expect(rows.every((row) => row.tier === null || (row.tier >= 0 && row.tier <= 5))).toBe(true);
    expect(rows.some((row) => row.phone_last4 && /^\d{4}$/.test(row.phone_last4))).toBe(true);
    expect(rows.every((row) => !row.phone_masked || row.phone_masked.includes('*') || row.phone_masked.includes('X'))).toBe(true);
  });
});
