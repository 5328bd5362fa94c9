import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/actor';
import { createAdminUser } from '@/lib/admin-users/admin-user.service';
import type { Role } from '@/lib/auth/permissions';
import { toAppError } from '@/lib/errors';
import { findExplorerTransactionPage } from '@/lib/explorer/explorer-transactions.repository';
import { listExplorerTransactionQuerySchema } from '@/lib/explorer/explorer.schemas';
import { getSlaHours } from '@/lib/kyc/kyc-rules';
import { toKycQueueRowDto } from '@/lib/kyc/kyc.dto';
import { findKycQueuePage } from '@/lib/kyc/kyc.repository';
import { listKycQuerySchema } from '@/lib/kyc/kyc.schemas';
import { generateLegacyFolder } from '@/lib/legacy/testing/legacy-gen';
import { runImport } from '@/lib/migration/run-import';
import { randomEmail, useTestOrm } from '@/lib/testing/test-orm';
import { findWalletPage } from '@/lib/wallets/wallet.repository';
import { listWalletQuerySchema } from '@/lib/wallets/wallet.schemas';
import { neutralizeFormula } from './neutralize-formula';
import { planExport } from './plan-export';
import { startExport } from './start-export';

let orm: MikroORM;
const em = (): EntityManager => orm.em.fork();

beforeAll(async () => {
  orm = await useTestOrm('owner');
  const root = mkdtempSync(path.join(os.tmpdir(), 'pend-grid-exports-'));
  const { dir } = generateLegacyFolder(root, 'small', 5);
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

/** The CSV an export of `gridId` writes for the grid URL `view`: header, rows, and the job's provenance line. */
async function exportCsv(actor: Actor, gridId: string, view: string) {
  const started = await startExport(em(), {
    actor,
    audit: { actorId: actor.id, actorLabel: actor.email, source: 'admin-ui' },
    gridId,
    params: new URLSearchParams(`format=csv&reason=${encodeURIComponent('grid export test')}&${view}`),
  });
  const chunks: Buffer[] = [];
  for await (const chunk of started.body) chunks.push(chunk as Buffer);
  const job = await started.done;
  const records = parse(Buffer.concat(chunks), { relax_column_count: true }) as string[][];
  return { header: records[0], body: records.slice(1, -1), provenance: records.at(-1)!, job: job! };
}

/** Every row the grid's page shows for `view`, page after page of 25 (what someone paging through it sees). */
async function everyPage<Row>(view: string, findPage: (query: Record<string, string>) => Promise<{ rows: Row[]; nextCursor: string | null }>) {
  const rows: Row[] = [];
  let cursor: string | undefined;
  do {
    const page = await findPage({ ...Object.fromEntries(new URLSearchParams(view)), pageSize: '25', ...(cursor ? { cursor } : {}) });
    rows.push(...page.rows);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return rows;
}

const cell = (value: string | number | null | undefined) => (value === null || value === undefined ? '' : String(value));

describe('KYC applications export', () => {
  it('holds every page of the queue the same admin sees for the same URL, in its sort', async () => {
    const verifier = await newActor('kyc_verifier');
    const view = 'sort=submitted.desc&columns=application,status,submitted,priority';
    const { header, body, provenance, job } = await exportCsv(verifier, 'kyc', view);
    const hours = await getSlaHours(em());
    const expected = await everyPage(view, async (query) => {
      const page = await findKycQueuePage(em(), listKycQuerySchema.parse(query), verifier.id, hours);
      return { rows: page.rows.map((row) => toKycQueueRowDto(row, hours)), nextCursor: page.nextCursor };
    });
    expect(expected.length).toBeGreaterThan(25);
    expect(header).toEqual(['Applicant', 'Status', 'Submitted (UTC)', 'Priority']);
    expect(body).toEqual(
      expected.map((row) => [
        row.phoneMasked ? `${row.identityHash} · ${row.phoneMasked}` : row.identityHash,
        row.status,
        cell(row.submittedAt),
        String(row.priority),
      ]),
    );
    expect(provenance[0]).toContain(job.id);
    expect(job).toMatchObject({ state: 'completed', grid: 'kyc', row_count: String(expected.length), has_personal_data: true });
  });

  it('runs the "mine" tab for the admin who exports: a verifier with no cases exports no rows', async () => {
    const verifier = await newActor('kyc_verifier');
    const { body, job } = await exportCsv(verifier, 'kyc', 'view=mine&columns=status');
    expect(body).toEqual([]);
    expect(job.row_count).toBe('0');
  });
});

describe('wallets export', () => {
  it('holds every page of the wallet directory for the same URL, phones masked', async () => {
    const auditor = await newActor('auditor');
    const view = 'sort=created.asc&columns=wallet,identity,phone,balanceEgp';
    const { header, body } = await exportCsv(auditor, 'wallets', view);
    const expected = await everyPage(view, (query) => findWalletPage(em(), listWalletQuerySchema.parse(query)));
    expect(expected.length).toBeGreaterThan(25);
    expect(header).toEqual(['Wallet', 'Identity', 'Phone (masked)', 'EGP balance']);
    expect(body).toEqual(
      expected.map((row) => [
        row.walletAddress,
        cell(row.identityHash),
        row.phoneMasked === null ? '' : neutralizeFormula(row.phoneMasked),
        cell(row.balanceEgp),
      ]),
    );
    const phones = body.map((row) => row[2]).filter(Boolean);
    expect(phones.length).toBeGreaterThan(0);
    expect(phones.every((phone) => /•|\*/.test(phone) && !/\d{7,}/.test(phone.replace(/\s/g, '')))).toBe(true);
  });

  it('needs a reason for the masked phone column, and leaves identities out for a role without the identity permission', async () => {
    const auditor = await newActor('auditor');
    const started = startExport(em(), {
      actor: auditor,
      audit: { actorId: auditor.id, actorLabel: auditor.email, source: 'admin-ui' },
      gridId: 'wallets',
      params: new URLSearchParams('format=csv&columns=wallet,phone'),
    });
    await expect(
      started.then(
        () => 'ok',
        (error: unknown) => toAppError(error)?.code,
      ),
    ).resolves.toBe('VALIDATION');

    // No exporting role lacks the identity permission today; the grid's own rule is checked on a role that reads the explorer without it.
    const viewer = { id: auditor.id, role: 'viewer' as const };
    expect(planExport({ actor: viewer, gridId: 'wallets', params: new URLSearchParams('format=csv&columns=wallet,identity,created') }).columns).toEqual([
      'wallet',
      'created',
    ]);
    const identitySearch = () => planExport({ actor: viewer, gridId: 'wallets', params: new URLSearchParams(`format=csv&q=0x${'ab'.repeat(32)}`) });
    expect(identitySearch).toThrow(/identities/);
  });
});

describe('explorer transactions export', () => {
  it('holds every page of the chain and log transactions for the same URL, source filter included', async () => {
    const auditor = await newActor('auditor');
    const view = 'source=chain&columns=time,source,hash,block,from,to,amount';
    const { header, body } = await exportCsv(auditor, 'explorer-transactions', view);
    const expected = await everyPage(view, (query) =>
      findExplorerTransactionPage(em(), listExplorerTransactionQuerySchema.parse(query), { showIdentity: true }),
    );
    expect(expected.length).toBeGreaterThan(25);
    expect(header).toEqual(['When (UTC)', 'Source', 'Tx hash', 'Block', 'From', 'To / wallet', 'Amount']);
    expect(body).toEqual(
      expected.map((row) => [cell(row.time), row.source, cell(row.hash), cell(row.blockNumber), cell(row.fromAddress), cell(row.toAddress), cell(row.amount)]),
    );
    expect(new Set(body.map((row) => row[1]))).toEqual(new Set(['chain']));
  });

  it('refuses an identity filter for a role without the identity permission, as the page does', () => {
    const params = new URLSearchParams(`format=csv&identity=0x${'cd'.repeat(32)}`);
    expect(() => planExport({ actor: { id: crypto.randomUUID(), role: 'viewer' }, gridId: 'explorer-transactions', params })).toThrow(/identit/);
    expect(planExport({ actor: { id: crypto.randomUUID(), role: 'auditor' }, gridId: 'explorer-transactions', params }).filter).toEqual({
      identity: `0x${'cd'.repeat(32)}`,
    });
  });
});
