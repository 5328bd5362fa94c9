import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/actor';
import { createAdminUser } from '@/lib/admin-users/admin-user.service';
import type { Role } from '@/lib/auth/permissions';
import { maskPhone } from '@/lib/crypto';
import { toAppError } from '@/lib/errors';
import { generateLegacyFolder } from '@/lib/legacy/testing/legacy-gen';
import { runImport } from '@/lib/migration/run-import';
import { randomEmail, useTestOrm } from '@/lib/testing/test-orm';
import { decryptStoredPhone } from '@/lib/users/phone-reveal';
import { findIdentityHash } from '@/lib/users/user-page.repository';
import { findUserPage } from '@/lib/users/user.repository';
import type { WalletListRowDto } from '@/lib/wallets/wallet.dto';
import { findWalletPage } from '@/lib/wallets/wallet.repository';
import { listWalletQuerySchema } from '@/lib/wallets/wallet.schemas';
import { listUserQuerySchema } from '@/lib/users/user.schemas';
import { neutralizeFormula } from './neutralize-formula';
import { startExport } from './start-export';

let orm: MikroORM;
const em = (): EntityManager => orm.em.fork();
const REASON = 'court order 42/2026';
const VIEW = 'sort=wallet.asc&columns=phone,wallet,tier';

beforeAll(async () => {
  orm = await useTestOrm('owner');
  const root = mkdtempSync(path.join(os.tmpdir(), 'pend-unmasked-phones-'));
  const { dir } = generateLegacyFolder(root, 'small', 7);
  await runImport(orm.em.fork(), {
    sourceDir: dir,
    backupDir: path.join(root, 'backups'),
    storageDir: path.join(root, 'kyc-storage'),
    context: { source: 'cli', actorLabel: 'vitest' },
  });
}, 180_000);

async function newActor(role: Role): Promise<Actor> {
  const { user } = await createAdminUser(em(), { email: randomEmail(role), name: `${role} admin`, role });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

async function exportGrid(actor: Actor, gridId: string, params: string) {
  const started = await startExport(em(), {
    actor,
    audit: { actorId: actor.id, actorLabel: actor.email, source: 'admin-ui' },
    gridId,
    params: new URLSearchParams(params),
  });
  const chunks: Buffer[] = [];
  for await (const chunk of started.body) chunks.push(chunk as Buffer);
  return { bytes: Buffer.concat(chunks), job: (await started.done)! };
}

const exportUsers = (actor: Actor, params: string) => exportGrid(actor, 'users', `${params}&${VIEW}`);

/** The full number of every user the grid shows for VIEW, in its order, as the audited single reveal decrypts it. */
async function expectedPhones(): Promise<Array<string | null>> {
  const phones: Array<string | null> = [];
  let cursor: string | undefined;
  do {
    const page = await findUserPage(em(), listUserQuerySchema.parse({ ...Object.fromEntries(new URLSearchParams(VIEW)), pageSize: '100', cursor }));
    for (const row of page.rows) {
      const hash = await findIdentityHash(em(), row.id);
      phones.push(hash ? ((await decryptStoredPhone(em(), hash))?.value ?? null) : null);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return phones;
}

async function auditEntries(jobId: string) {
  return em().execute<Array<{ action: string; new_values: Record<string, unknown> }>>(
    `SELECT action, new_values FROM audit_trail WHERE table_name = 'export_jobs' AND record_id = ? ORDER BY seq`,
    [jobId],
  );
}

async function refusal(actor: Actor, params: string, gridId = 'users') {
  try {
    await (gridId === 'users' ? exportUsers(actor, params) : exportGrid(actor, gridId, params));
  } catch (error) {
    return toAppError(error);
  }
  throw new Error('The export was not refused.');
}

async function recordedBy(actor: Actor) {
  const [row] = await em().execute<Array<{ jobs: number; audits: number }>>(
    `SELECT (SELECT count(*)::int FROM export_jobs WHERE requested_by = ?::uuid) AS jobs,
            (SELECT count(*)::int FROM audit_trail WHERE table_name = 'export_jobs' AND changed_by = ?::uuid) AS audits`,
    [actor.id, actor.id],
  );
  return row;
}

describe('users export with unmasked phones (decision 075)', () => {
  it('writes the full numbers the single reveal decrypts, marks the job and the file, and audits the reason', async () => {
    const verifier = await newActor('kyc_verifier');
    const { bytes, job } = await exportUsers(verifier, `format=csv&unmaskPhones=true&reason=${encodeURIComponent(REASON)}`);
    const records = parse(bytes, { relax_column_count: true }) as string[][];
    expect(records[0]).toEqual(['Phone (full)', 'Wallet', 'Tier']);
    const body = records.filter((record, index) => index > 0 && !record[0].startsWith('#'));
    const expected = await expectedPhones();
    expect(expected.filter(Boolean).length, 'the fixture has users with stored phone numbers').toBeGreaterThan(0);
    // CSV cells starting with "+" are neutralized against formula injection, as every CSV text cell is.
    expect(body.map((record) => record[0] || null)).toEqual(expected.map((phone) => (phone === null ? null : neutralizeFormula(phone))));
    expect(records.map((record) => record[0])).toContain(`# Unmasked phone numbers, reason: ${REASON}`);

    expect(job.state).toBe('completed');
    expect(job.unmasked_pii).toBe(true);
    expect(job.has_personal_data).toBe(true);
    expect(job.reason).toBe(REASON);
    const [created] = await auditEntries(job.id);
    expect(created.action).toBe('EXPORT');
    expect(created.new_values).toMatchObject({ unmaskedPhones: true, reason: REASON, columns: ['phone', 'wallet', 'tier'] });
  }, 120_000);

  it('writes the full numbers as XLSX text and says so on the About sheet and in the NDJSON trailer', async () => {
    const verifier = await newActor('kyc_verifier');
    const xlsx = await exportUsers(verifier, `format=xlsx&unmaskPhones=true&reason=${encodeURIComponent(REASON)}`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    // One row per user the grid shows: a user with no phone, wallet or tier is a blank row, which the sheet does not
    // store, so the rows are read by number up to the job's row count rather than to the sheet's last stored row.
    const sheet = workbook.worksheets[0];
    const expected = await expectedPhones();
    expect(Number(xlsx.job.row_count)).toBe(expected.length);
    const phones = expected.map((_, index) => {
      const { value } = sheet.getRow(index + 2).getCell(1);
      return value === null || value === undefined || value === '' ? null : String(value);
    });
    expect(phones).toEqual(expected);
    const about = workbook.getWorksheet('About this export')!;
    const aboutText = about.getSheetValues().flat().map(String).join('\n');
    expect(aboutText).toContain(`Unmasked phone numbers, reason: ${REASON}`);

    const ndjson = await exportUsers(verifier, `format=ndjson&unmaskPhones=true&reason=${encodeURIComponent(REASON)}`);
    const trailer = JSON.parse(ndjson.bytes.toString('utf8').trim().split('\n').at(-1)!) as { _export: Record<string, unknown> };
    expect(trailer._export).toMatchObject({ unmaskedPhones: true, notice: `Unmasked phone numbers, reason: ${REASON}` });
  }, 120_000);

  it('keeps phones masked and the job unmarked without the option', async () => {
    const verifier = await newActor('kyc_verifier');
    const { bytes, job } = await exportUsers(verifier, `format=csv&reason=${encodeURIComponent(REASON)}`);
    const records = parse(bytes, { relax_column_count: true }) as string[][];
    expect(records[0][0]).toBe('Phone (masked)');
    const full = (await expectedPhones()).filter((phone): phone is string => phone !== null);
    for (const record of records.slice(1)) expect(full).not.toContain(record[0]);
    expect(job.unmasked_pii).toBe(false);
    expect((await auditEntries(job.id))[0].new_values).not.toHaveProperty('unmaskedPhones');
  }, 120_000);

  it('refuses a role without users:reveal-pii, and records nothing', async () => {
    const auditor = await newActor('auditor');
    const error = await refusal(auditor, `format=csv&unmaskPhones=true&reason=${encodeURIComponent(REASON)}`);
    expect(error?.code).toBe('FORBIDDEN');
    expect(error?.message).toMatch(/full phone numbers/);
    expect(await recordedBy(auditor)).toEqual({ jobs: 0, audits: 0 });
  });

  it('refuses without a reason, and records nothing', async () => {
    const verifier = await newActor('kyc_verifier');
    const error = await refusal(verifier, 'format=csv&unmaskPhones=true');
    expect(error?.code).toBe('VALIDATION');
    expect(await recordedBy(verifier)).toEqual({ jobs: 0, audits: 0 });
  });
});

const WALLET_VIEW = 'sort=created.asc&columns=wallet,phone';

/** Every wallet the grid shows for WALLET_VIEW, in its order, with the masked phone its page shows. */
async function walletRows(): Promise<WalletListRowDto[]> {
  const rows: WalletListRowDto[] = [];
  let cursor: string | undefined;
  do {
    const page = await findWalletPage(em(), listWalletQuerySchema.parse({ ...Object.fromEntries(new URLSearchParams(WALLET_VIEW)), pageSize: '100', cursor }));
    rows.push(...page.rows);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return rows;
}

describe('wallets export with unmasked phones (decision 076)', () => {
  it("writes each wallet's full number, the one its masked phone stands for, marks the job and audits the reason", async () => {
    const admin = await newActor('super_admin');
    const { bytes, job } = await exportGrid(admin, 'wallets', `format=csv&unmaskPhones=true&reason=${encodeURIComponent(REASON)}&${WALLET_VIEW}`);
    const records = parse(bytes, { relax_column_count: true }) as string[][];
    expect(records[0]).toEqual(['Wallet', 'Phone (full)']);
    const body = records.filter((record, index) => index > 0 && !record[0].startsWith('#'));
    const wallets = await walletRows();
    expect(body.map((record) => record[0])).toEqual(wallets.map((wallet) => wallet.walletAddress));
    // CSV text cells are neutralized against formula injection: a leading "+" is written behind an apostrophe.
    const full = body.map((record) => (record[1] ? record[1].replace(/^'/, '') : null));
    const shown = full.filter((phone): phone is string => phone !== null);
    expect(shown.length, 'the fixture has wallets with stored phone numbers').toBeGreaterThan(0);
    for (const phone of shown) expect(phone).toMatch(/^\+?\d{6,15}$/);
    full.forEach((phone, index) => {
      if (phone !== null) expect(maskPhone(phone), `wallet ${body[index][0]}`).toBe(wallets[index].phoneMasked);
    });
    // The audited single reveal agrees for a wallet whose identity has only this wallet.
    const [single] = await em().execute<Array<{ wallet_address: string; identity_hash: string }>>(
      `SELECT wallet_address, identity_hash FROM wallet_directory w
        WHERE full_phone_encrypted IS NOT NULL AND (SELECT count(*) FROM wallet_directory o WHERE o.identity_hash = w.identity_hash) = 1
        ORDER BY created_at LIMIT 1`,
    );
    const revealed = (await decryptStoredPhone(em(), single.identity_hash))?.value;
    expect(full[body.findIndex((record) => record[0] === single.wallet_address)]).toBe(revealed);
    expect(records.map((record) => record[0])).toContain(`# Unmasked phone numbers, reason: ${REASON}`);

    expect(job.state).toBe('completed');
    expect(job.unmasked_pii).toBe(true);
    expect(job.reason).toBe(REASON);
    const [created] = await auditEntries(job.id);
    expect(created.action).toBe('EXPORT');
    expect(created.new_values).toMatchObject({ unmaskedPhones: true, reason: REASON, columns: ['wallet', 'phone'] });
  }, 120_000);

  it('keeps wallet phones masked and the job unmarked without the option', async () => {
    const admin = await newActor('super_admin');
    const { bytes, job } = await exportGrid(admin, 'wallets', `format=csv&reason=${encodeURIComponent(REASON)}&${WALLET_VIEW}`);
    const records = parse(bytes, { relax_column_count: true }) as string[][];
    expect(records[0]).toEqual(['Wallet', 'Phone (masked)']);
    const masked = (await walletRows()).map((wallet) => wallet.phoneMasked);
    const body = records.filter((record, index) => index > 0 && !record[0].startsWith('#'));
    expect(body.map((record) => (record[1] ? record[1].replace(/^'/, '') : null))).toEqual(masked);
    expect(job.unmasked_pii).toBe(false);
    expect((await auditEntries(job.id))[0].new_values).not.toHaveProperty('unmaskedPhones');
  }, 120_000);

  it('refuses a role that reads the explorer without users:reveal-pii, and records nothing', async () => {
    const auditor = await newActor('auditor');
    const error = await refusal(auditor, `format=csv&unmaskPhones=true&reason=${encodeURIComponent(REASON)}&${WALLET_VIEW}`, 'wallets');
    expect(error?.code).toBe('FORBIDDEN');
    expect(error?.message).toMatch(/full phone numbers/);
    expect(await recordedBy(auditor)).toEqual({ jobs: 0, audits: 0 });
  });
});
