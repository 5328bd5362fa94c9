import { createHash } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/actor';
import { createAdminUser } from '@/lib/admin-users/admin-user.service';
import type { AuditContext } from '@/lib/audit/audit-context';
import { findAuditPage } from '@/lib/audit/audit.repository';
import { listAuditQuerySchema } from '@/lib/audit/audit.schemas';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { Role } from '@/lib/auth/permissions';
import { toAppError } from '@/lib/errors';
import { randomEmail, useTestOrm } from '@/lib/testing/test-orm';
import { EXPORT_BATCH_ROWS, startExport } from './start-export';

let orm: MikroORM;
// A table name of this file's own, so other files' audit entries never enter the filtered export.
const table = `ex_${crypto.randomUUID().slice(0, 8)}`;
// Three in four are UPDATEs: the UPDATE export spans more than one batch.
const ENTRIES = Math.ceil((EXPORT_BATCH_ROWS * 4) / 3) + 200;

beforeAll(async () => {
  orm = await useTestOrm();
  const em = orm.em.fork();
  for (let index = 0; index < ENTRIES; index++) {
    await recordAuditEvent(
      em,
      { action: index % 4 === 0 ? 'LOGIN' : 'UPDATE', tableName: table, recordId: index % 10 === 0 ? `=cmd|' /C calc'!A${index}` : `r${index}` },
      { source: 'system', actorLabel: index % 3 === 0 ? 'مدير النظام' : 'export-test@test.pend' },
    );
  }
}, 120_000);

async function newActor(role: Role): Promise<Actor> {
  const { user } = await createAdminUser(orm.em.fork(), { email: randomEmail(role), name: `${role} admin`, role });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

const audit = (actor: Actor): AuditContext => ({ actorId: actor.id, actorLabel: actor.email, source: 'admin-ui' });

async function exportFile(actor: Actor, gridId: string, params: string) {
  const started = await startExport(orm.em.fork(), { actor, audit: audit(actor), gridId, params: new URLSearchParams(params) });
  const chunks: Buffer[] = [];
  for await (const chunk of started.body) chunks.push(chunk as Buffer);
  return { started, bytes: Buffer.concat(chunks), job: await started.done };
}

/** Every row the grid shows for the same URL, page after page (what a person paging through it sees). */
async function gridRows(params: string) {
  const rows = [];
  let cursor: string | undefined;
  do {
    const page = await findAuditPage(
      orm.em.fork(),
      listAuditQuerySchema.parse({ ...Object.fromEntries(new URLSearchParams(params)), pageSize: '200', ...(cursor ? { cursor } : {}) }),
    );
    rows.push(...page.rows);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return rows;
}

describe('startExport', () => {
  it('exports exactly the rows and columns the audit grid shows for the same URL, across more than one batch', async () => {
    const auditor = await newActor('auditor');
    const params = `table=${table}&action=UPDATE&sort=seq.asc&columns=seq,actor,action,table`;
    const { bytes, job } = await exportFile(auditor, 'audit', `format=csv&${params}`);
    const records = parse(bytes, { relax_column_count: true }) as string[][];
    const expected = await gridRows(params);
    expect(expected.length).toBeGreaterThan(EXPORT_BATCH_ROWS);
    expect(records[0]).toEqual(['#', 'Actor', 'Action', 'Table · record']);
    const body = records.slice(1, -1);
    expect(body).toEqual(expected.map((row) => [row.seq, row.actor, row.action, `${row.table_name} · ${row.record_id}`]));
    expect(records.at(-1)![0]).toContain(job!.id);
    expect(job).toMatchObject({ state: 'completed', row_count: String(expected.length), size_bytes: String(bytes.length) });
    expect(job!.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('records the export and its completion in the audit trail, with the file hash', async () => {
    const auditor = await newActor('auditor');
    const { job } = await exportFile(auditor, 'audit', `format=ndjson&table=${table}&action=LOGIN`);
    const entries = await orm.em
      .fork()
      .execute<Array<{ action: string; new_values: Record<string, unknown>; actor_label: string }>>(
        `SELECT action, new_values, actor_label FROM audit_trail WHERE table_name = 'export_jobs' AND record_id = ? ORDER BY seq`,
        [job!.id],
      );
    expect(entries.map((entry) => entry.action)).toEqual(['EXPORT', 'EXPORT_COMPLETED']);
    expect(entries[0]).toMatchObject({ actor_label: auditor.email, new_values: { grid: 'audit', format: 'ndjson', filter: { table, action: 'LOGIN' } } });
    expect(entries[1].new_values).toMatchObject({ state: 'completed', sha256: job!.sha256, rowCount: Math.ceil(ENTRIES / 4) });
  });

  it('refuses a grid the role cannot open, an unknown grid, a bad filter and personal data without a reason', async () => {
    const viewer = await newActor('viewer');
    const auditor = await newActor('auditor');
    const codeOf = (promise: Promise<unknown>) =>
      promise.then(
        () => 'ok',
        (error: unknown) => toAppError(error)?.code,
      );
    expect(await codeOf(exportFile(viewer, 'audit', 'format=csv'))).toBe('FORBIDDEN');
    expect(await codeOf(exportFile(auditor, 'nope', 'format=csv'))).toBe('NOT_FOUND');
    expect(await codeOf(exportFile(auditor, 'audit', 'format=csv&sort=nope.asc'))).toBe('VALIDATION');
    expect(await codeOf(exportFile(auditor, 'transactions', 'format=csv&columns=occurred,phone'))).toBe('VALIDATION');
    const rows = await orm.em.fork().execute<Array<{ count: string }>>(`SELECT count(*) FROM export_jobs WHERE requested_by = ?`, [auditor.id]);
    expect(rows[0].count).toBe('0');
  });

  it('marks the job cancelled when the download stops before the end', async () => {
    const auditor = await newActor('auditor');
    const started = await startExport(orm.em.fork(), {
      actor: auditor,
      audit: audit(auditor),
      gridId: 'audit',
      params: new URLSearchParams(`format=csv&table=${table}`),
    });
    started.body.destroy();
    const job = await started.done;
    expect(job).toMatchObject({ state: 'cancelled', sha256: null });
  });
});
