import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { changeAccountStatusAction, revealPhoneAction } from '@/app/(admin)/users/[id]/actions';
import * as usersRoute from '@/app/api/users/route';
import { createAdminUser } from '@/lib/admin-users/admin-user.service';
import type { Actor } from '@/lib/actor';
import { maskPhone } from '@/lib/crypto';
import { AppError } from '@/lib/errors';
import { DEVELOPMENT_ADMIN_KEY } from '@/lib/legacy-api/admin-key';
import { invalidateLegacyResponses } from '@/lib/legacy-api/response-cache';
import { call, importLegacyFolder, legacyTestFolder } from '@/lib/legacy-api/testing';
import { drainOutbox } from '@/lib/storage/storage-outbox';
import { ownerEm, randomEmail, useTestOrm } from '@/lib/testing/test-orm';
import { changeAccountStatus } from './account-status.service';
import { changeUserTier } from './tier-change.service';
import { recordUserDataAccess } from './user-data-access';
import {
  findUserAudit,
  findUserConsents,
  findUserDataAccess,
  findUserIdentity,
  findUserInvestments,
  findUserServerLogs,
  findUserTransactions,
  tierHistory,
  TRANSACTIONS_PER_PAGE,
} from './user-page.repository';

// The server actions run as whoever this session names; outside Next there is no request to read it from.
const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth/next-auth', async () => {
  const { testAuthSession } = await import('@/lib/testing/test-session');
  return { auth: () => testAuthSession(session.userId) };
});
vi.mock('next/headers', () => ({ headers: () => Promise.resolve(new Headers({ 'user-agent': 'vitest' })) }));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));

// Named before anything reads the environment (env() parses it once): the actions' legacy data folder.
const folder = legacyTestFolder(54);
process.env.LEGACY_DATA_DIR = folder.dir;

const context = { source: 'admin-ui' as const, actorLabel: 'vitest-users' };
let orm: MikroORM;
type Person = { id: string; hash: string };
let registered: Person;
let other: Person;
let orphan: Person;
let verifier: Actor;
let manager: Actor;

const em = () => orm.em.fork();

async function setMode(mode: 'json-primary' | 'pg-primary') {
  await em().execute(`INSERT INTO app_settings (key, value) VALUES ('storage_mode', ?::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [
    JSON.stringify(mode),
  ]);
}

async function admin(role: 'kyc_verifier' | 'asset_manager'): Promise<Actor> {
  const created = await createAdminUser(em(), { email: randomEmail(role), name: role, role });
  return { id: created.user.id, email: created.user.email, name: role, role };
}

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(values)) data.set(name, value);
  return data;
}

async function lastSeq(): Promise<string> {
  const [row] = await em().execute<Array<{ seq: string }>>(`SELECT coalesce(max(seq), 0)::text AS seq FROM audit_trail`);
  return row.seq;
}

async function eventsSince(seq: string) {
  return em().execute<Array<{ action: string; table_name: string; record_id: string; actor_label: string; new_values: Record<string, unknown> }>>(
    `SELECT action, table_name, record_id, actor_label, new_values FROM audit_trail WHERE seq > ?::bigint ORDER BY seq`,
    [seq],
  );
}

async function accessRows(identityId: string) {
  return em().execute<Array<{ kind: string; reason: string | null; admin_label: string }>>(
    `SELECT kind, reason, admin_label FROM user_data_access WHERE identity_id = ?::uuid ORDER BY accessed_at`,
    [identityId],
  );
}

function fileStatus(identityHash: string): unknown {
  const records = JSON.parse(readFileSync(path.join(folder.dir, 'explorer-data', 'identity-map.json'), 'utf8')) as Record<string, Record<string, unknown>>;
  return records[identityHash]?.accountStatus;
}

async function dbStatus(identityHash: string): Promise<unknown> {
  const [row] = await em().execute<Array<{ status: unknown }>>(`SELECT extra -> 'accountStatus' AS status FROM identity_map WHERE legacy_key = ?`, [
    identityHash,
  ]);
  return row.status;
}

async function legacyStatus(identityHash: string): Promise<unknown> {
  const answer = await call(usersRoute.GET, `/api/users?limit=500`, { headers: { 'x-admin-key': DEVELOPMENT_ADMIN_KEY } });
  expect(answer.status).toBe(200);
  return (answer.body.users as Array<{ id: string; status: string }>).find((user) => user.id === identityHash)?.status;
}

/** A registered identity with an identity-map record and a stored phone, most transactions first. */
async function pickRegistered(offset: number): Promise<Person> {
  const [row] = await em().execute<Array<{ id: string; identity_hash: string }>>(
    `SELECT i.id, i.identity_hash FROM identities i
      WHERE i.in_registry AND i.in_identity_map
        AND EXISTS (SELECT 1 FROM wallet_directory w WHERE w.identity_hash = i.identity_hash AND w.full_phone_encrypted IS NOT NULL)
      ORDER BY (SELECT count(*) FROM transaction_log t WHERE t.identity_hash = i.identity_hash) DESC, i.identity_hash
      OFFSET ? LIMIT 1`,
    [offset],
  );
  return { id: row.id, hash: row.identity_hash };
}

beforeAll(async () => {
  orm = await useTestOrm('app');
  await importLegacyFolder(await ownerEm(), folder);
  registered = await pickRegistered(0);
  other = await pickRegistered(1);
  const [row] = await em().execute<Array<{ id: string; identity_hash: string }>>(`SELECT id, identity_hash FROM identities WHERE NOT in_registry LIMIT 1`);
  orphan = { id: row.id, hash: row.identity_hash };
  [verifier, manager] = await Promise.all([admin('kyc_verifier'), admin('asset_manager')]);
}, 120_000);

afterEach(() => {
  session.userId = null;
});

describe('user page loaders', () => {
  it('the identity section shows the mask and the identity-map tier, and the hash only when the role may see it', async () => {
    const hidden = await findUserIdentity(em(), registered.id, { showIdentityHash: false });
    const shown = await findUserIdentity(em(), registered.id, { showIdentityHash: true });
    const [expected] = await em().execute<Array<{ masked: string; tier: number | null; wallet: string }>>(
      `SELECT (SELECT coalesce(full_phone_masked, masked_phone) FROM wallet_directory WHERE identity_hash = ? ORDER BY legacy_position LIMIT 1) AS masked,
              (SELECT tier FROM identity_map WHERE legacy_key = ?) AS tier, (SELECT wallet_address FROM users WHERE legacy_key = ?) AS wallet`,
      [registered.hash, registered.hash, registered.hash],
    );
    expect(hidden).toMatchObject({ id: registered.id, identityHash: null, registered: true, phoneMasked: expected.masked, tier: expected.tier });
    expect(hidden?.walletAddress).toBe(expected.wallet);
    expect(hidden?.accountStatus).toBe('active');
    expect(hidden?.hasStoredPhone).toBe(true);
    expect(JSON.stringify(hidden)).not.toContain(registered.hash);
    expect(shown?.identityHash).toBe(registered.hash);
    // Provenance names the legacy records behind the user: at least the registry and identity-map ones.
    expect(hidden?.provenance.map((entry) => entry.file)).toEqual(expect.arrayContaining(['wallet-db.json', 'explorer-data/identity-map.json']));
  });

  it('an orphan identity (not in wallet-db.json) loads with what is known and says it is not registered; an unknown id is null', async () => {
    const found = await findUserIdentity(em(), orphan.id, { showIdentityHash: true });
    expect(found).toMatchObject({ id: orphan.id, identityHash: orphan.hash, registered: false, canHoldStatus: false });
    expect(found?.provenance.map((entry) => entry.file)).not.toContain('wallet-db.json');
    expect(await findUserIdentity(em(), crypto.randomUUID(), { showIdentityHash: true })).toBeNull();
  });

  it('transactions page through every log entry and wallet chain transaction of the identity exactly once, forward and back', async () => {
    // Enough entries of its own for several pages, whatever the generated data gave it.
    const owner = await ownerEm();
    await owner.execute(
      `INSERT INTO transaction_log (legacy_key, legacy_position, legacy_hash, occurred_at, type, identity_hash, amount)
       SELECT 'user-page-test-' || n, 1000000 + n, repeat('0', 64), timestamptz '2026-01-01' + n * interval '1 minute', 'egp_minted', ?, n
         FROM generate_series(1, 60) n`,
      [registered.hash],
    );
    const [{ n: expectedCount }] = await em().execute<Array<{ n: number }>>(
      `SELECT ((SELECT count(*) FROM transaction_log WHERE identity_hash = ?)
             + (SELECT count(*) FROM chain_transactions c WHERE lower(c.from_address) IN (SELECT lower(wallet_address) FROM wallet_directory WHERE identity_hash = ?)
                                                          OR lower(c.to_address) IN (SELECT lower(wallet_address) FROM wallet_directory WHERE identity_hash = ?)))::int AS n`,
      [registered.hash, registered.hash, registered.hash],
    );
    const seen: string[] = [];
    const pages: string[][] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await findUserTransactions(em(), registered.hash, { cursor, direction: 'next' });
      if (page === 'invalid-page') throw new Error('a cursor the loader gave back was refused');
      expect(page.rows.length).toBeLessThanOrEqual(TRANSACTIONS_PER_PAGE);
      expect(page.rows.every((row) => row.identityHash === null)).toBe(true);
      pages.push(page.rows.map((row) => row.id));
      seen.push(...page.rows.map((row) => row.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(seen).toHaveLength(expectedCount);
    expect(new Set(seen).size).toBe(expectedCount);
    const times = await em().execute<Array<{ id: string }>>(
      `SELECT id FROM transaction_log WHERE identity_hash = ? ORDER BY occurred_at DESC NULLS LAST, id DESC LIMIT 1`,
      [registered.hash],
    );
    expect(seen).toContain(times[0].id);
    // Back from the second page is the first page.
    const second = await findUserTransactions(em(), registered.hash, {});
    if (second === 'invalid-page') throw new Error('first page refused');
    const next = await findUserTransactions(em(), registered.hash, { cursor: second.nextCursor!, direction: 'next' });
    if (next === 'invalid-page') throw new Error('second page refused');
    const back = await findUserTransactions(em(), registered.hash, { cursor: next.prevCursor!, direction: 'prev' });
    expect(back !== 'invalid-page' && back.rows.map((row) => row.id)).toEqual(pages[0]);
    expect(await findUserTransactions(em(), registered.hash, { cursor: 'not-a-cursor', direction: 'next' })).toBe('invalid-page');
  });

  it('investments by pool equal the transaction log, and by asset the chain transfers of its wallets to asset contracts', async () => {
    const { assets, pools } = await findUserInvestments(em(), registered.hash);
    const [logged] = await em().execute<Array<{ invested: string; investments: number }>>(
      `SELECT coalesce(sum(amount), 0)::text AS invested, count(*)::int AS investments FROM transaction_log WHERE identity_hash = ? AND type = 'harvest_invest'`,
      [registered.hash],
    );
    expect(pools.reduce((sum, pool) => sum + pool.investments, 0)).toBe(logged.investments);
    expect(pools.reduce((sum, pool) => sum + Number(pool.invested), 0)).toBeCloseTo(Number(logged.invested), 6);
    const [toAssets] = await em().execute<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM chain_transactions c JOIN assets a ON lower(a.contract_address) = lower(c.to_address)
        WHERE lower(c.from_address) IN (SELECT lower(wallet_address) FROM wallet_directory WHERE identity_hash = ?)`,
      [registered.hash],
    );
    expect(assets.reduce((sum, asset) => sum + asset.transactions, 0)).toBe(toAssets.n);
  });

  it('consents list the consent signatures and terms acceptances of the log; server-log entries are only those naming the identity or its transactions', async () => {
    const consents = await findUserConsents(em(), registered.hash);
    const [logged] = await em().execute<Array<{ n: number }>>(
      `SELECT least(count(*), 50)::int AS n FROM transaction_log WHERE identity_hash = ? AND type IN ('consent_signature', 'terms_acceptance')`,
      [registered.hash],
    );
    expect(consents.filter((consent) => consent.source === 'transaction-log')).toHaveLength(logged.n);
    expect(consents.every((consent, index) => index === 0 || (consents[index - 1].at ?? '') >= (consent.at ?? ''))).toBe(true);

    // One entry naming the identity, one naming one of its transactions, one naming someone else.
    const [tx] = await em().execute<Array<{ tx_hash: string }>>(`SELECT tx_hash FROM transaction_log WHERE identity_hash = ? AND tx_hash IS NOT NULL LIMIT 1`, [
      registered.hash,
    ]);
    const owner = await ownerEm();
    await owner.execute(
      `INSERT INTO server_logs (legacy_key, legacy_position, legacy_hash, logged_at, type, data) VALUES
        ('user-page-log-1', 900001, repeat('0', 64), now(), 'WEBAUTHN', jsonb_build_object('identityHash', ?::text, 'action', 'authenticate', 'phoneNumber', '+201234567890')),
        ('user-page-log-2', 900002, repeat('0', 64), now(), 'BLOCKCHAIN_TX', jsonb_build_object('txHash', ?::text, 'action', 'storeConsent')),
        ('user-page-log-3', 900003, repeat('0', 64), now(), 'WEBAUTHN', jsonb_build_object('identityHash', ?::text))`,
      [registered.hash, tx.tx_hash, other.hash],
    );
    const entries = await findUserServerLogs(em(), registered.hash);
    const [direct] = await em().execute<Array<{ n: number }>>(
      `SELECT least(count(*), 50)::int AS n FROM server_logs WHERE data ->> 'identityHash' = ? OR data ->> 'txHash' IN (SELECT tx_hash FROM transaction_log WHERE identity_hash = ?)`,
      [registered.hash, registered.hash],
    );
    expect(entries).toHaveLength(direct.n);
    // jsonb keeps its members shortest name first.
    expect(entries.map((entry) => entry.summary)).toEqual(expect.arrayContaining(['action: authenticate', `action: storeConsent · txHash: ${tx.tx_hash}`]));
    // A phone member of a log entry is never shown, even a full one.
    expect(JSON.stringify(entries)).not.toContain('+201234567890');
    expect((await findUserServerLogs(em(), other.hash)).length).toBeGreaterThanOrEqual(1);
  });

  it("the legacy server's own tier change (a row entry brought by the sync) is in the tier history (who, from, to); no entry shows a phone part", async () => {
    const [row] = await em().execute<Array<{ tier: number | null }>>(`SELECT tier FROM identity_map WHERE legacy_key = ?`, [registered.hash]);
    const to = row.tier === 5 ? 4 : 5;
    await em().transactional(async (tx) => {
      await tx.execute(`SELECT set_config('pend.actor_label', 'legacy server, via sync', true), set_config('pend.source', 'sync', true)`);
      await tx.execute(`UPDATE identity_map SET tier = ? WHERE legacy_key = ?`, [to, registered.hash]);
      await tx.execute(`UPDATE wallet_directory SET real_phone_number = NOT coalesce(real_phone_number, false) WHERE identity_hash = ?`, [registered.hash]);
    });
    const entries = await findUserAudit(em(), { id: registered.id, identityHash: registered.hash });
    const history = tierHistory(entries);
    expect(history[0]).toMatchObject({ actor: 'legacy server, via sync', action: 'UPDATE', from: row.tier, to });
    // The directory row's change is the user's too, but no phone field of it is shown (only a mask would be).
    expect(entries.some((entry) => entry.table === 'wallet_directory')).toBe(true);
    expect(entries.flatMap((entry) => entry.changes.map((change) => change.field)).some((field) => field.includes('phone'))).toBe(false);
  });

  it('a tier change through the tier write path (one TIER_CHANGE event) is in the tier history with its from, to and reason', async () => {
    const [row] = await em().execute<Array<{ tier: number | null }>>(`SELECT tier FROM identity_map WHERE legacy_key = ?`, [other.hash]);
    const to = row.tier === 2 ? 3 : 2;
    await changeUserTier(em(), { identityHash: other.hash, tier: to, reason: 'Documents verified by phone' }, context);
    const history = tierHistory(await findUserAudit(em(), { id: other.id, identityHash: other.hash }));
    expect(history[0]).toMatchObject({ action: 'TIER_CHANGE', from: row.tier, to, reason: 'Documents verified by phone', actor: context.actorLabel });
    // Listed once: the write's row entries are not a second line.
    expect(history.filter((line) => line.to === to && line.from === row.tier)).toHaveLength(1);
  });

  it('a page view is an access-log row listed newest first with who and what', async () => {
    await recordUserDataAccess(em(), { identityId: other.id, actor: manager, kind: 'page_view' });
    const listed = await findUserDataAccess(em(), other.id);
    expect(listed[0]).toMatchObject({ who: manager.email, kind: 'page_view', reason: null });
  });
});

describe('reveal phone', () => {
  it('is refused for a role without users:reveal-pii, and records nothing', async () => {
    session.userId = manager.id;
    const seq = await lastSeq();
    const result = await revealPhoneAction(undefined, form({ identityId: registered.id, reason: 'Customer asked for a callback' }));
    expect(result).toEqual({ ok: false, message: 'You do not have permission to do this.' });
    expect(await eventsSince(seq)).toEqual([]);
    expect((await accessRows(registered.id)).filter((row) => row.kind === 'phone_reveal')).toEqual([]);
  });

  it('needs a reason of at least ten characters', async () => {
    session.userId = verifier.id;
    const seq = await lastSeq();
    const result = await revealPhoneAction(undefined, form({ identityId: registered.id, reason: 'because' }));
    expect(result.ok).toBe(false);
    expect(result.fieldErrors?.reason?.[0]).toMatch(/at least 10 characters/);
    expect(result.data).toBeUndefined();
    expect(await eventsSince(seq)).toEqual([]);
  });

  it('gives the decrypted number to a KYC verifier with an audit entry (who, why, which user) and an access-log row', async () => {
    session.userId = verifier.id;
    const seq = await lastSeq();
    const reason = 'Customer called support to confirm the number';
    const result = await revealPhoneAction(undefined, form({ identityId: registered.id, reason }));
    expect(result.ok).toBe(true);
    const phone = result.data!.phone;
    expect(phone).toMatch(/^\+?\d{6,15}$/);
    // The number is the one whose mask the page shows.
    const identity = await findUserIdentity(em(), registered.id, { showIdentityHash: false });
    expect(maskPhone(phone)).toBe(identity?.phoneMasked);
    const events = await eventsSince(seq);
    expect(events).toEqual([
      expect.objectContaining({ action: 'USER_PHONE_REVEALED', table_name: 'identities', record_id: registered.id, actor_label: verifier.email }),
    ]);
    expect(events[0].new_values).toMatchObject({ reason, source: 'wallet-directory' });
    expect(JSON.stringify(events)).not.toContain(phone);
    expect(await accessRows(registered.id)).toContainEqual({ kind: 'phone_reveal', reason, admin_label: verifier.email });
    expect(
      (await findUserAudit(em(), { id: registered.id, identityHash: registered.hash })).find((entry) => entry.action === 'USER_PHONE_REVEALED'),
    ).toMatchObject({ reason, actor: verifier.email });
  });
});

describe('suspend and reactivate', () => {
  it('json-primary: the legacy file, PostgreSQL and the legacy users route agree after each change, each audited with its reason', async () => {
    await setMode('json-primary');
    session.userId = verifier.id;
    const seq = await lastSeq();
    const suspended = await changeAccountStatusAction(undefined, form({ identityId: other.id, action: 'suspend', reason: 'Fraud report under review' }));
    expect(suspended).toMatchObject({ ok: true });
    expect(fileStatus(other.hash)).toBe('suspended');
    expect(await dbStatus(other.hash)).toBe('suspended');
    expect(await legacyStatus(other.hash)).toBe('suspended');
    const suspendedList = await call(usersRoute.GET, `/api/users?status=suspended`, { headers: { 'x-admin-key': DEVELOPMENT_ADMIN_KEY } });
    expect((suspendedList.body.users as Array<{ id: string }>).map((user) => user.id)).toEqual([other.hash]);

    const again = await changeAccountStatusAction(undefined, form({ identityId: other.id, action: 'suspend', reason: 'Fraud report under review' }));
    expect(again).toMatchObject({ ok: false, message: expect.stringMatching(/already suspended/) });

    const reactivated = await changeAccountStatusAction(undefined, form({ identityId: other.id, action: 'reactivate', reason: 'Review closed, no fraud' }));
    expect(reactivated).toMatchObject({ ok: true });
    expect(fileStatus(other.hash)).toBe('active');
    expect(await dbStatus(other.hash)).toBe('active');
    expect(await legacyStatus(other.hash)).toBe('active');

    const events = (await eventsSince(seq)).filter((event) => event.table_name === 'identities');
    expect(events.map((event) => [event.action, event.record_id, event.new_values.reason])).toEqual([
      ['USER_SUSPENDED', other.id, 'Fraud report under review'],
      ['USER_REACTIVATED', other.id, 'Review closed, no fraud'],
    ]);
    const audit = await findUserAudit(em(), { id: other.id, identityHash: other.hash });
    expect(audit.filter((entry) => entry.action.startsWith('USER_')).map((entry) => entry.action)).toEqual(['USER_REACTIVATED', 'USER_SUSPENDED']);
  });

  it('pg-primary: PostgreSQL changes at once and the outbox mirrors it into the legacy file', async () => {
    await setMode('pg-primary');
    try {
      const result = await changeAccountStatus(em(), { identityId: other.id, action: 'suspend', reason: 'Chargeback investigation' }, { context });
      expect(result).toMatchObject({ mode: 'pg-primary', from: 'active', to: 'suspended' });
      expect(await dbStatus(other.hash)).toBe('suspended');
      // The action drops the legacy routes' cached answers once it commits; the service alone leaves that to its caller.
      await invalidateLegacyResponses();
      expect(await legacyStatus(other.hash)).toBe('suspended');
      await drainOutbox(em(), { sourceDir: folder.dir });
      expect(fileStatus(other.hash)).toBe('suspended');
      await changeAccountStatus(em(), { identityId: other.id, action: 'reactivate', reason: 'Chargeback resolved' }, { context });
      await drainOutbox(em(), { sourceDir: folder.dir });
      expect(fileStatus(other.hash)).toBe('active');
      expect(await dbStatus(other.hash)).toBe('active');
    } finally {
      await setMode('json-primary');
    }
  });

  it('is refused for an orphan, for a short reason and for a role without users:write', async () => {
    await expect(changeAccountStatus(em(), { identityId: orphan.id, action: 'suspend', reason: 'Not a registered user' }, { context })).rejects.toThrow(
      AppError,
    );
    session.userId = verifier.id;
    const short = await changeAccountStatusAction(undefined, form({ identityId: registered.id, action: 'suspend', reason: 'no' }));
    expect(short.fieldErrors?.reason).toBeDefined();
    session.userId = manager.id;
    const refused = await changeAccountStatusAction(undefined, form({ identityId: registered.id, action: 'suspend', reason: 'Suspended by a manager' }));
    expect(refused).toEqual({ ok: false, message: 'You do not have permission to do this.' });
    expect(await dbStatus(registered.hash)).toBeNull();
  });
});
