import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as userTiersRoute from '@/app/api/admin/user-tiers/route';
import * as upgradeTierRoute from '@/app/api/admin/upgrade-user-tier/route';
import { applyBulkTierAction, changeTierAction } from '@/app/(admin)/users/tier-actions';
import { createAdminUser } from '@/lib/admin-users/admin-user.service';
import { getOrm } from '@/lib/db';
import { isJsonObject, type JsonObject } from '@/lib/legacy/canonical-json';
import { getLegacySource } from '@/lib/legacy/sources';
import { DEVELOPMENT_ADMIN_KEY } from '@/lib/legacy-api/admin-key';
import { flushAuthAttempts } from '@/lib/legacy-api/auth-audit';
import { invalidateLegacyResponses } from '@/lib/legacy-api/response-cache';
import { call, importLegacyFolder, legacyTestFolder } from '@/lib/legacy-api/testing';
import { ownerEm, randomEmail, useTestOrm } from '@/lib/testing/test-orm';
import { applyBulkTierChange, previewBulkTierChange } from './bulk-tier-change';
import { tierReportCsv } from './tier-report-csv';
import { changeUserTier, verifiedActionsFor, writeIdentityTiers } from './tier-change.service';

// The server actions run as whoever this session names; outside Next there is no request to read it from.
const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth/next-auth', async () => {
  const { testAuthSession } = await import('@/lib/testing/test-session');
  return { auth: () => testAuthSession(session.userId) };
});
vi.mock('next/headers', () => ({ headers: () => Promise.resolve(new Headers({ 'user-agent': 'vitest' })) }));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));

const folder = legacyTestFolder(15);
const { dir } = folder;
// Set before anything reads the environment (env() parses it once): the write path's legacy data folder.
process.env.LEGACY_DATA_DIR = dir;
const context = { source: 'admin-ui' as const, actorLabel: 'vitest-tiers' };
const ADMIN = { 'x-admin-key': DEVELOPMENT_ADMIN_KEY };
let orm: MikroORM;
/** Identities the identity map and the wallet directory both hold, in key order. */
let both: string[];

function fileRecords(source: 'identity-map' | 'wallets-directory'): Map<string, JsonObject> {
  const adapter = getLegacySource(source);
  const parsed = adapter.parse(readFileSync(path.join(dir, adapter.relativePath)));
  return new Map(parsed.records.map((record) => [record.key, record.value as JsonObject]));
}

function fileTiers(hash: string): { map: unknown; directory: unknown; actions: unknown } {
  const directory = fileRecords('wallets-directory').get(hash);
  const identity = directory && isJsonObject(directory.identity) ? directory.identity : {};
  return { map: fileRecords('identity-map').get(hash)?.tier, directory: identity.tier, actions: identity.verifiedActions };
}

async function dbTiers(hash: string): Promise<{ map: number | null; directory: number | null }> {
  const [row] = await orm.em
    .fork()
    .execute<Array<{ map: number | null; directory: number | null }>>(
      `SELECT m.tier AS map, (d.identity ->> 'tier')::int AS directory FROM identity_map m JOIN wallet_directory d ON d.legacy_key = m.legacy_key WHERE m.legacy_key = ?`,
      [hash],
    );
  return row;
}

async function legacyTier(hash: string): Promise<number | null | undefined> {
  await invalidateLegacyResponses();
  const response = await call(userTiersRoute.GET, '/api/admin/user-tiers?limit=500', { headers: ADMIN });
  const users = response.body.users as Array<{ identityHash: string; tier: number | null }>;
  return users.find((user) => user.identityHash === hash)?.tier;
}

async function lastSeq(): Promise<string> {
  const [row] = await orm.em.fork().execute<Array<{ seq: string }>>(`SELECT coalesce(max(seq), 0)::text AS seq FROM audit_trail`);
  return row.seq;
}

async function eventsSince(seq: string, action: string) {
  return orm.em
    .fork()
    .execute<Array<{ record_id: string; actor_label: string; source: string; old_values: JsonObject | null; new_values: JsonObject }>>(
      `SELECT record_id, actor_label, source, old_values, new_values FROM audit_trail WHERE seq > ?::bigint AND action = ? ORDER BY seq`,
      [seq, action],
    );
}

async function setMode(mode: 'json-primary' | 'pg-primary') {
  await orm.em
    .fork()
    .execute(`INSERT INTO app_settings (key, value) VALUES ('storage_mode', ?::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [
      JSON.stringify(mode),
    ]);
}

const otherTier = (tier: number | null) => ((tier ?? 0) + 2) % 6;

beforeAll(async () => {
  orm = await useTestOrm();
  await importLegacyFolder(await ownerEm(), folder);
  const rows = await orm.em
    .fork()
    .execute<Array<{ hash: string }>>(
      `SELECT m.legacy_key AS hash FROM identity_map m JOIN wallet_directory d ON d.legacy_key = m.legacy_key WHERE m.tier IS NOT NULL ORDER BY m.legacy_key LIMIT 12`,
    );
  both = rows.map((row) => row.hash);
  expect(both.length).toBeGreaterThanOrEqual(12);
});

afterAll(async () => {
  await setMode('json-primary');
  await flushAuthAttempts();
  await (await getOrm()).close(true);
});

describe('one tier-write rule (json-primary: the legacy files are the truth)', () => {
  it('changes one user: the identity map, the wallet directory (tier and verified actions), PostgreSQL and GET /api/admin/user-tiers agree, with one audited reason', async () => {
    const hash = both[0];
    const before = await dbTiers(hash);
    const tier = otherTier(before.map);
    const seq = await lastSeq();
    const line = await changeUserTier(
      orm.em.fork(),
      { identityHash: hash.toUpperCase().replace('0X', '0x'), tier, reason: 'Verified documents in branch' },
      context,
    );
    expect(line).toMatchObject({ identityHash: hash, outcome: 'changed', from: before.map, to: tier });
    expect(fileTiers(hash)).toEqual({ map: tier, directory: tier, actions: verifiedActionsFor(tier) });
    expect(await dbTiers(hash)).toEqual({ map: tier, directory: tier });
    expect(await legacyTier(hash)).toBe(tier);
    const events = await eventsSince(seq, 'TIER_CHANGE');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      record_id: hash,
      actor_label: 'vitest-tiers',
      old_values: { tier: before.map },
      new_values: { reason: 'Verified documents in branch', rows: [{ identityHash: hash, outcome: 'changed', from: before.map, to: tier }] },
    });
    expect(await eventsSince(seq, 'LEGACY_WRITE')).toEqual([]);
  });

  it('reports the same tier as unchanged and writes no event', async () => {
    const hash = both[0];
    const { map } = await dbTiers(hash);
    const seq = await lastSeq();
    expect(await changeUserTier(orm.em.fork(), { identityHash: hash, tier: map!, reason: 'Confirming the tier' }, context)).toMatchObject({
      outcome: 'unchanged',
    });
    expect(await eventsSince(seq, 'TIER_CHANGE')).toEqual([]);
  });

  it('refuses an identity neither file holds (NOT_FOUND), a tier outside 0–5 and a missing reason', async () => {
    const unknown = `0x${'ab'.repeat(32)}`;
    await expect(changeUserTier(orm.em.fork(), { identityHash: unknown, tier: 1, reason: 'Verified documents' }, context)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(changeUserTier(orm.em.fork(), { identityHash: both[1], tier: 6, reason: 'Verified documents' }, context)).rejects.toThrow(/tier from 0 to 5/);
    await expect(changeUserTier(orm.em.fork(), { identityHash: both[1], tier: 1, reason: ' ' }, context)).rejects.toThrow(/Say why/);
  });

  it('changes many users in one write per file, with one correlated event naming every row', async () => {
    const hashes = both.slice(1, 5);
    const tiers = await Promise.all(hashes.map(async (hash) => (await dbTiers(hash)).map));
    const seq = await lastSeq();
    const result = await writeIdentityTiers(
      orm.em.fork(),
      { changes: hashes.map((hash, index) => ({ identityHash: hash, tier: otherTier(tiers[index]) })), reason: 'Quarterly review', action: 'TIER_BULK_CHANGE' },
      context,
    );
    expect(result.totals).toEqual({ changed: 4, unchanged: 0, notFound: 0 });
    for (const [index, hash] of hashes.entries()) {
      expect(fileTiers(hash).map).toBe(otherTier(tiers[index]));
      expect(await dbTiers(hash)).toEqual({ map: otherTier(tiers[index]), directory: otherTier(tiers[index]) });
    }
    const [event] = await eventsSince(seq, 'TIER_BULK_CHANGE');
    expect(event.record_id).toBe(`bulk:${result.correlationId}`);
    expect((event.new_values.rows as JsonObject[]).map((row) => row.identityHash)).toEqual(hashes);
  });

  it('all or nothing: when the wallet directory cannot be written, the identity map file is put back and PostgreSQL keeps neither change', async () => {
    const hashes = both.slice(5, 7);
    const before = await Promise.all(hashes.map(dbTiers));
    const mapBytes = fileRecords('identity-map');
    const owner = await ownerEm();
    await owner.execute(`CREATE FUNCTION test_refuse_directory() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected directory failure'; END $$;
      CREATE TRIGGER test_refuse_directory BEFORE UPDATE ON wallet_directory FOR EACH ROW EXECUTE FUNCTION test_refuse_directory();`);
    try {
      const seq = await lastSeq();
      await expect(
        writeIdentityTiers(
          orm.em.fork(),
          {
            changes: hashes.map((hash, index) => ({ identityHash: hash, tier: otherTier(before[index].map) })),
            reason: 'Quarterly review',
            action: 'TIER_BULK_CHANGE',
          },
          context,
        ),
      ).rejects.toThrow(/injected directory failure/);
      expect(await Promise.all(hashes.map(dbTiers))).toEqual(before);
      for (const hash of hashes) expect(fileRecords('identity-map').get(hash)).toEqual(mapBytes.get(hash));
      expect(await eventsSince(seq, 'TIER_BULK_CHANGE')).toEqual([]);
    } finally {
      await owner.execute(`DROP TRIGGER test_refuse_directory ON wallet_directory; DROP FUNCTION test_refuse_directory();`);
    }
  });

  it('the legacy upgrade-user-tier route writes through the same rule (one TIER_CHANGE event from the legacy API)', async () => {
    const seq = await lastSeq();
    const response = await call(upgradeTierRoute.POST, '/api/admin/upgrade-user-tier', {
      method: 'POST',
      headers: ADMIN,
      json: { phoneNumber: '+1234567890', tier: 3 },
    });
    expect(response).toMatchObject({ status: 200, body: { success: true, tier: 3 } });
    const hash = response.body.identityHash as string;
    expect(fileTiers(hash).map).toBe(3);
    const [event] = await eventsSince(seq, 'TIER_CHANGE');
    expect(event).toMatchObject({ record_id: hash, source: 'legacy-api', new_values: { reason: null } });
  });
});

describe('pg-primary (PostgreSQL is the truth)', () => {
  it('one transaction: a failure on the second table rolls back the first, then a clean run changes both', async () => {
    await setMode('pg-primary');
    try {
      const hash = both[7];
      const before = await dbTiers(hash);
      const tier = otherTier(before.map);
      const owner = await ownerEm();
      await owner.execute(`CREATE FUNCTION test_refuse_directory() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected directory failure'; END $$;
        CREATE TRIGGER test_refuse_directory BEFORE UPDATE ON wallet_directory FOR EACH ROW EXECUTE FUNCTION test_refuse_directory();`);
      try {
        await expect(changeUserTier(orm.em.fork(), { identityHash: hash, tier, reason: 'Verified documents' }, context)).rejects.toThrow(/injected/);
      } finally {
        await owner.execute(`DROP TRIGGER test_refuse_directory ON wallet_directory; DROP FUNCTION test_refuse_directory();`);
      }
      expect(await dbTiers(hash)).toEqual(before);
      await changeUserTier(orm.em.fork(), { identityHash: hash, tier, reason: 'Verified documents' }, context);
      expect(await dbTiers(hash)).toEqual({ map: tier, directory: tier });
      expect(await legacyTier(hash)).toBe(tier);
    } finally {
      await setMode('json-primary');
    }
  });
});

describe('bulk tier change: preview, apply, report', () => {
  it('previews ticked identities (will change, no change, not found) without writing, applies them and reports every row as CSV', async () => {
    const [same, change] = both.slice(8, 10);
    const sameTier = (await dbTiers(same)).map!;
    await changeUserTier(orm.em.fork(), { identityHash: change, tier: (sameTier + 1) % 6, reason: 'Set up the preview' }, context);
    const ids = await orm.em
      .fork()
      .execute<Array<{ id: string }>>(`SELECT id FROM identities WHERE identity_hash IN (?, ?)`, [same, change])
      .then((rows) => rows.map((row) => row.id));
    // An id the directory does not list (deleted since the page loaded) is simply not in scope.
    const gone = crypto.randomUUID();
    const seq = await lastSeq();
    const preview = await previewBulkTierChange(orm.em.fork(), { scope: { ids: [...ids, gone] }, tier: sameTier });
    expect(preview).toMatchObject({ ids: [same, change].sort(), willChange: 1, unchanged: 1, notFound: 0 });
    expect(await dbTiers(change)).toEqual({ map: (sameTier + 1) % 6, directory: (sameTier + 1) % 6 });
    expect(await eventsSince(seq, 'TIER_BULK_CHANGE')).toEqual([]);

    const report = await applyBulkTierChange(orm.em.fork(), { ids: preview.ids, tier: sameTier, reason: 'Bulk review of the cohort' }, context);
    expect(report.totals).toEqual({ changed: 1, unchanged: 1, notFound: 0 });
    expect(await dbTiers(change)).toEqual({ map: sameTier, directory: sameTier });
    const csv = tierReportCsv(report.lines).trim().split('\r\n');
    expect(csv[0]).toBe('identity hash,outcome,tier before,tier after,reason');
    expect(csv).toContain(`${change},changed,${(sameTier + 1) % 6},${sameTier},Bulk review of the cohort`);
    expect(csv).toHaveLength(3);
    const [event] = await eventsSince(seq, 'TIER_BULK_CHANGE');
    expect(event.record_id).toBe(`bulk:${report.correlationId}`);
  });

  it('previews the directory’s whole filter (tier=1) and counts exactly the identities the legacy files hold at that tier', async () => {
    const [{ n }] = await orm.em
      .fork()
      .execute<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM (SELECT legacy_key FROM identity_map WHERE tier = 1 UNION SELECT legacy_key FROM wallet_directory d WHERE identity ->> 'tier' = '1' AND NOT EXISTS (SELECT 1 FROM identity_map m WHERE m.legacy_key = d.legacy_key)) t`,
      );
    const preview = await previewBulkTierChange(orm.em.fork(), { scope: { filter: 'tier=1&sort=registered.desc' }, tier: 2 });
    expect(preview.ids).toHaveLength(n);
    expect(preview.willChange).toBe(n);
  });
});

describe('the tier actions (users:write)', () => {
  const form = (fields: Record<string, string>) => {
    const data = new FormData();
    for (const [name, value] of Object.entries(fields)) data.set(name, value);
    return data;
  };

  it('a KYC verifier changes a tier through the action; an asset manager calling the same actions directly is refused and nothing changes', async () => {
    const hash = both[10];
    const before = await dbTiers(hash);
    const tier = otherTier(before.map);
    const manager = await orm.em.fork().transactional((em) => createAdminUser(em, { email: randomEmail('manager'), name: 'Manager', role: 'asset_manager' }));
    session.userId = manager.user.id;
    const [{ id: identityId }] = await orm.em.fork().execute<Array<{ id: string }>>(`SELECT id FROM identities WHERE identity_hash = ?`, [hash]);
    const refused = await changeTierAction(undefined, form({ identityId, tier: String(tier), reason: 'Forged by a manager' }));
    expect(refused).toEqual({ ok: false, message: 'You do not have permission to do this.', fieldErrors: undefined });
    const payload = form({ payload: JSON.stringify({ ids: [hash], tier, reason: 'Forged by a manager' }) });
    expect(await applyBulkTierAction(undefined, payload)).toMatchObject({ ok: false, message: 'You do not have permission to do this.' });
    expect(await dbTiers(hash)).toEqual(before);

    const verifier = await orm.em.fork().transactional((em) => createAdminUser(em, { email: randomEmail('verifier'), name: 'Verifier', role: 'kyc_verifier' }));
    session.userId = verifier.user.id;
    expect(await changeTierAction(undefined, form({ identityId, tier: String(tier), reason: 'x' }))).toMatchObject({
      ok: false,
      fieldErrors: { reason: [expect.stringMatching(/Say why/)] },
    });
    const changed = await changeTierAction(undefined, form({ identityId, tier: String(tier), reason: 'Documents verified in branch' }));
    expect(changed).toMatchObject({ ok: true, data: { outcome: 'changed', from: before.map, to: tier } });
    // The page's action answers without the identity hash: the browser never holds it.
    expect(JSON.stringify(changed)).not.toContain(hash);
    expect(await dbTiers(hash)).toEqual({ map: tier, directory: tier });
    expect(await legacyTier(hash)).toBe(tier);
    session.userId = null;
  });
});
