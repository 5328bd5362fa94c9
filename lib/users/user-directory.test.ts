import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAdminUser } from '@/lib/admin-users/admin-user.service';
import { blindIndex, decryptPii, lastFourToken } from '@/lib/crypto';
import { toAppError } from '@/lib/errors';
import { startExport } from '@/lib/exports/start-export';
import { generateLegacyFolder } from '@/lib/legacy/testing/legacy-gen';
import { runImport } from '@/lib/migration/run-import';
import { useFreshDatabase } from '@/lib/testing/fresh-database';
import { SHORT_PHONE_MASK } from '@/lib/testing/phones';
import { piiKeyring } from '@/lib/pii-keyring';
import { randomEmail } from '@/lib/testing/test-orm';
import { findUserAnalytics } from './user-analytics';
import type { UserListRowDto } from './user.dto';
import { findUserPage } from './user.repository';
import { listUserQuerySchema } from './user.schemas';

// Every decryption in this process goes through the spy, so a search that decrypted a phone would show.
vi.mock('@/lib/crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/lib/crypto')>();
  return { ...actual, decryptPii: vi.fn(actual.decryptPii) };
});

let orm: MikroORM;
let root: string;
let legacyDir: string;
const em = (): EntityManager => orm.em.fork();

beforeAll(async () => {
  ({ orm } = await useFreshDatabase('pend_admin_users_dir'));
  root = mkdtempSync(path.join(os.tmpdir(), 'pend-users-dir-'));
  legacyDir = generateLegacyFolder(root, 'small', 3).dir;
  await runImport(em(), {
    sourceDir: legacyDir,
    backupDir: path.join(root, 'backups'),
    storageDir: path.join(root, 'kyc'),
    context: { source: 'cli', actorLabel: 'vitest' },
  });
}, 300_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every row of a directory query, page by page through the keyset cursors. */
async function allRows(params: Record<string, string>): Promise<UserListRowDto[]> {
  const rows: UserListRowDto[] = [];
  let cursor: string | null = null;
  do {
    const query = listUserQuerySchema.parse({ ...params, pageSize: '25', ...(cursor ? { cursor } : {}) });
    const page = await findUserPage(em(), query);
    rows.push(...page.rows);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

const ids = (rows: readonly { id: string }[]) => rows.map((row) => row.id).sort();

async function idsWhere(condition: string, values: unknown[] = []): Promise<string[]> {
  const rows = await em().execute<Array<{ id: string }>>(
    `SELECT i.id FROM identities i
       LEFT JOIN identity_map m ON m.legacy_key = i.identity_hash
       LEFT JOIN kyc_applications k ON k.legacy_key = i.identity_hash
      WHERE ${condition}`,
    values,
  );
  return ids(rows);
}

type DirectoryEntry = { identityHash: string; walletAddress: string; fullPhoneNumber?: string };

function directoryEntries(): DirectoryEntry[] {
  const file = JSON.parse(readFileSync(path.join(legacyDir, 'explorer-data', 'wallets-directory.json'), 'utf8')) as { wallets: unknown[] };
  return file.wallets.filter(
    (entry): entry is DirectoryEntry =>
      typeof entry === 'object' &&
      entry !== null &&
      typeof (entry as DirectoryEntry).identityHash === 'string' &&
      typeof (entry as DirectoryEntry).walletAddress === 'string',
  );
}

async function idOf(identityHash: string): Promise<string> {
  const [row] = await em().execute<Array<{ id: string }>>(`SELECT id FROM identities WHERE identity_hash = ?`, [identityHash]);
  return row.id;
}

describe('the users directory list query', () => {
  it('pages through every identity exactly once, registered or not, in every sort column and direction', async () => {
    const everyone = await idsWhere('TRUE');
    expect(everyone.length).toBeGreaterThan(100);
    const comparable: Record<string, (row: UserListRowDto) => number | null> = {
      tier: (row) => row.tier,
      registered: (row) => (row.registeredAt ? Date.parse(row.registeredAt) : null),
      lastActivity: (row) => (row.lastActivityAt ? Date.parse(row.lastActivityAt) : null),
      invested: (row) => Number(row.investedTotal),
      transactions: (row) => row.transactions,
    };
    for (const column of listUserQuerySchema.spec.columns) {
      for (const direction of ['asc', 'desc'] as const) {
        const rows = await allRows({ sort: `${column}.${direction}` });
        expect(ids(rows), `${column}.${direction}`).toEqual(everyone);
        const value = comparable[column];
        if (!value) continue;
        // Values in the asked direction, empty values last.
        const values = rows.map(value);
        const present = values.filter((entry) => entry !== null);
        expect(
          values.slice(present.length).every((entry) => entry === null),
          `${column}.${direction}: empty values last`,
        ).toBe(true);
        const sorted = [...present].sort((a, b) => (direction === 'asc' ? a - b : b - a));
        expect(present, `${column}.${direction}`).toEqual(sorted);
      }
    }
  });

  it('filters by tier, KYC status, account status (orphans), registration date, investment activity and amount', async () => {
    expect(ids(await allRows({ tier: '2,3' }))).toEqual(await idsWhere('m.tier IN (2, 3)'));
    expect(ids(await allRows({ kyc: 'pending_review' }))).toEqual(await idsWhere(`k.status = 'pending_review'`));
    expect(ids(await allRows({ kyc: 'not_submitted' }))).toEqual(await idsWhere('k.id IS NULL'));
    const orphans = await idsWhere('NOT i.in_registry');
    expect(orphans.length, 'the generated data has orphans').toBeGreaterThan(0);
    expect(ids(await allRows({ status: 'not_registered' }))).toEqual(orphans);
    expect(ids(await allRows({ status: 'active' }))).toEqual(await idsWhere('i.in_registry'));

    const registered = await allRows({ registered: '2024-06-01..2024-06-30' });
    expect(registered.length).toBeGreaterThan(0);
    expect(registered.every((row) => row.registeredAt! >= '2024-06-01' && row.registeredAt! < '2024-07-01')).toBe(true);
    expect(ids(registered)).toEqual(
      await idsWhere(`i.in_registry AND (SELECT w.created_at FROM wallet_directory w WHERE w.identity_hash = i.identity_hash ORDER BY w.legacy_position DESC LIMIT 1)
                      >= '2024-06-01' AND (SELECT w.created_at FROM wallet_directory w WHERE w.identity_hash = i.identity_hash ORDER BY w.legacy_position DESC LIMIT 1) < '2024-07-01'`),
    );

    const investors = `SELECT identity_hash FROM transaction_log WHERE type = 'harvest_invest'`;
    expect(ids(await allRows({ activity: 'invested' }))).toEqual(await idsWhere(`i.identity_hash IN (${investors})`));
    expect(ids(await allRows({ activity: 'none' }))).toEqual(await idsWhere(`i.identity_hash NOT IN (${investors})`));
    const [{ amount }] = await em().execute<Array<{ amount: string }>>(
      `SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY total) AS amount FROM (SELECT sum(amount) AS total FROM transaction_log WHERE type = 'harvest_invest' GROUP BY identity_hash) t`,
    );
    const highValue = await allRows({ invested: `${amount}..` });
    expect(ids(highValue)).toEqual(
      await idsWhere(
        `i.identity_hash IN (SELECT identity_hash FROM transaction_log WHERE type = 'harvest_invest' GROUP BY identity_hash HAVING sum(amount) >= ?)`,
        [amount],
      ),
    );
    expect(highValue.every((row) => Number(row.investedTotal) >= Number(amount))).toBe(true);
  });

  it('follows its sources as they change: active in the last 7 days after a new transaction, a new tier at once, one transaction fewer after a delete', async () => {
    // The generated log ends in 2025: nobody is active now.
    expect(await allRows({ activity: 'active7' })).toEqual([]);
    const [entry] = await em().execute<Array<{ id: string; identity_hash: string }>>(
      `SELECT id, identity_hash FROM transaction_log WHERE identity_hash IS NOT NULL ORDER BY legacy_position LIMIT 1`,
    );
    const [before] = await allRows({ q: entry.identity_hash.slice(0, 20) });
    await em().execute(`UPDATE transaction_log SET occurred_at = now() - interval '1 day' WHERE id = ?`, [entry.id]);
    const active = await allRows({ activity: 'active7' });
    expect(ids(active)).toEqual([await idOf(entry.identity_hash)]);
    expect(Date.parse(active[0].lastActivityAt!)).toBeGreaterThan(Date.now() - 2 * 86_400_000);
    expect(ids(await allRows({ activity: 'inactive90' }))).not.toContain(active[0].id);

    // A tier change in the identity map shows at once too.
    const [mapped] = await em().execute<Array<{ legacy_key: string }>>(`SELECT legacy_key FROM identity_map WHERE tier <> 5 ORDER BY legacy_position LIMIT 1`);
    expect(ids(await allRows({ tier: '5' }))).not.toContain(await idOf(mapped.legacy_key));
    await em().execute(`UPDATE identity_map SET tier = 5 WHERE legacy_key = ?`, [mapped.legacy_key]);
    expect(ids(await allRows({ tier: '5' }))).toContain(await idOf(mapped.legacy_key));

    await em().execute(`DELETE FROM transaction_log WHERE id = ?`, [entry.id]);
    expect(await allRows({ activity: 'active7' })).toEqual([]);
    const [after] = await allRows({ q: entry.identity_hash.slice(0, 20) });
    expect(after.transactions).toBe(before.transactions - 1);
  });

  it('finds a user by whole phone number, last four digits, country and operator prefix, part of a wallet and identity-hash prefix', async () => {
    const entry = directoryEntries().find((candidate) => candidate.fullPhoneNumber)!;
    const id = await idOf(entry.identityHash);
    const phone = entry.fullPhoneNumber!;
    const searches = [phone, phone.slice(-4), phone.slice(0, 5), entry.walletAddress.slice(8, 20).toLowerCase(), entry.identityHash.slice(0, 12)];
    for (const q of searches) {
      const rows = await allRows({ q });
      expect(ids(rows), q).toContain(id);
      expect(
        rows.every((row) => row.phoneMasked === null || SHORT_PHONE_MASK.test(row.phoneMasked)),
        'phones stay masked',
      ).toBe(true);
    }
    // The whole number names one identity; the last four only those whose number ends so.
    expect(ids(await allRows({ q: phone }))).toEqual(
      await idsWhere(`i.identity_hash IN (SELECT identity_hash FROM wallet_directory WHERE full_phone_hmac = decode(?, 'hex'))`, [
        blindIndex(piiKeyring(), phone).toString('hex'),
      ]),
    );
    expect(ids(await allRows({ q: phone.slice(-4) }))).toEqual(
      await idsWhere(`i.identity_hash IN (SELECT identity_hash FROM wallet_directory WHERE full_phone_last4_token = decode(?, 'hex'))`, [
        lastFourToken(piiKeyring(), phone.slice(-4)).toString('hex'),
      ]),
    );
    expect(await allRows({ q: 'no such user' })).toEqual([]);
  });

  it('decrypts no phone number during any kind of search', async () => {
    const entry = directoryEntries().find((candidate) => candidate.fullPhoneNumber)!;
    const phone = entry.fullPhoneNumber!;
    // The import's verification read every phone back: the spy sees the library's decryptions.
    expect(vi.mocked(decryptPii).mock.calls.length).toBeGreaterThan(0);
    vi.mocked(decryptPii).mockClear();
    for (const q of [phone, phone.slice(-4), phone.slice(0, 5), entry.walletAddress.slice(8, 20), entry.identityHash.slice(0, 12)]) {
      await allRows({ q });
      await findUserAnalytics(em(), listUserQuerySchema.parse({ q }));
    }
    expect(vi.mocked(decryptPii)).toHaveBeenCalledTimes(0);
  });
});

describe('the users analytics', () => {
  it('adds up the identities the filter matches: funnel, tiers, registrations, cohorts and monthly activity', async () => {
    const all = await findUserAnalytics(em(), listUserQuerySchema.parse({}));
    const [counts] = await em().execute<Array<{ users: number; registered: number; submitted: number; verified: number }>>(
      `SELECT count(*)::int AS users, count(*) FILTER (WHERE i.in_registry)::int AS registered,
              count(*) FILTER (WHERE i.in_registry AND k.id IS NOT NULL)::int AS submitted,
              count(*) FILTER (WHERE i.in_registry AND k.status = 'verified')::int AS verified
         FROM identities i LEFT JOIN kyc_applications k ON k.legacy_key = i.identity_hash`,
    );
    expect(all.users).toBe(counts.users);
    expect(all.funnel).toEqual({ registered: counts.registered, submitted: counts.submitted, verified: counts.verified });
    expect(all.tiers.reduce((sum, tier) => sum + tier.users, 0)).toBe(counts.users);
    expect(all.registrations.reduce((sum, month) => sum + month.users, 0)).toBe((await allRows({ status: 'active' })).filter((row) => row.registeredAt).length);
    expect(all.cohorts.length).toBeGreaterThan(0);
    for (const cohort of all.cohorts) {
      expect(cohort.active).toHaveLength(6);
      expect(Math.max(...cohort.active)).toBeLessThanOrEqual(cohort.users);
    }
    const [{ transactions }] = await em().execute<Array<{ transactions: number }>>(
      `SELECT count(*)::int AS transactions FROM transaction_log WHERE identity_hash IS NOT NULL AND occurred_at >= ?::date AND occurred_at < ?::date + interval '1 month'`,
      [all.activity.at(-1)!.month, all.activity.at(-1)!.month],
    );
    expect(all.activity.at(-1)!.transactions).toBe(transactions);

    const tierTwo = await findUserAnalytics(em(), listUserQuerySchema.parse({ tier: '2' }));
    expect(tierTwo.users).toBe((await idsWhere('m.tier = 2')).length);
    expect(tierTwo.tiers).toEqual([{ tier: 2, users: tierTwo.users }]);
  });
});

describe('the users export', () => {
  it('holds the rows the directory shows for the same URL, masked phones only, and needs a reason for them', async () => {
    const { user } = await createAdminUser(em(), { email: randomEmail('exporter'), name: 'Exporter', role: 'kyc_verifier' });
    const actor = { id: user.id, email: user.email, name: user.name, role: user.role };
    const entry = directoryEntries().find((candidate) => candidate.fullPhoneNumber)!;
    const phone = entry.fullPhoneNumber!;
    const run = (params: string) =>
      startExport(em(), {
        actor,
        audit: { actorId: actor.id, actorLabel: actor.email, source: 'admin-ui' },
        gridId: 'users',
        params: new URLSearchParams(params),
      });

    const refused = await run(`format=csv&q=${phone.slice(-4)}`).catch((error: unknown) => toAppError(error));
    expect(refused).toMatchObject({ code: 'VALIDATION' });

    const started = await run(`format=csv&q=${phone.slice(-4)}&sort=wallet.asc&reason=${encodeURIComponent('GDPR access request 42')}`);
    const chunks: Buffer[] = [];
    for await (const chunk of started.body) chunks.push(chunk as Buffer);
    const job = await started.done;
    const records = parse(Buffer.concat(chunks), { relax_column_count: true }) as string[][];
    expect(records[0]).toEqual([
      'Phone (masked)',
      'Wallet',
      'Tier',
      'KYC status',
      'Account status',
      'Registered (UTC)',
      'Last activity (UTC)',
      'Invested total',
      'Transactions',
    ]);
    const body = records.slice(1, -1);
    const shown = await allRows({ q: phone.slice(-4), sort: 'wallet.asc' });
    expect(body.map((row) => row[1])).toEqual(shown.map((row) => row.walletAddress ?? ''));
    // A cell starting with `+` is written with a leading apostrophe (formula neutralising, decision 049).
    expect(body.every((row) => row[0] === '' || SHORT_PHONE_MASK.test(row[0].replace(/^'/, '')))).toBe(true);
    expect(Buffer.concat(chunks).toString('utf8')).not.toContain(phone);
    expect(job).toMatchObject({ state: 'completed', has_personal_data: true, reason: 'GDPR access request 42' });
  });
});
