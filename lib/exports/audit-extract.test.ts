import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/actor';
import { createAdminUser } from '@/lib/admin-users/admin-user.service';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { Role } from '@/lib/auth/permissions';
import { toAppError } from '@/lib/errors';
import { randomEmail, useTestOrm } from '@/lib/testing/test-orm';
import { startAuditExtract } from './audit-extract';

let orm: MikroORM;
// A table name of this file's own, so the filter holds only this file's entries.
const table = `ax_${crypto.randomUUID().slice(0, 8)}`;
const ENTRIES = 120;

beforeAll(async () => {
  orm = await useTestOrm();
  const em = orm.em.fork();
  for (let index = 0; index < ENTRIES; index++) {
    await recordAuditEvent(
      em,
      { action: index % 2 === 0 ? 'UPDATE' : 'DELETE', tableName: table, recordId: `rec-${index}` },
      { source: 'system', actorLabel: 'audit-extract@test.pend' },
    );
  }
}, 120_000);

async function newActor(role: Role): Promise<Actor> {
  const { user } = await createAdminUser(orm.em.fork(), { email: randomEmail(role), name: `${role} admin`, role });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

async function extract(actor: Actor, params: string) {
  const started = await startAuditExtract(orm.em.fork(), {
    actor,
    audit: { actorId: actor.id, actorLabel: actor.email, source: 'admin-ui' },
    params: new URLSearchParams(params),
  });
  const chunks: Buffer[] = [];
  for await (const chunk of started.body) chunks.push(chunk as Buffer);
  return { bytes: Buffer.concat(chunks), job: (await started.done)!, started };
}

const pdfText = (bytes: Buffer) => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'pend-extract-')), 'extract.pdf');
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
};

/** The chain's head as the database holds it (the extract's own EXPORT entry comes after it). */
const entryHash = async (seq: number) =>
  (await orm.em.fork().execute<Array<{ row_hash: string }>>(`SELECT row_hash FROM audit_trail WHERE seq = ?`, [seq]))[0]?.row_hash;

const auditOf = async (jobId: string) =>
  orm.em
    .fork()
    .execute<Array<{ action: string; new_values: Record<string, unknown> }>>(
      `SELECT action, new_values FROM audit_trail WHERE table_name = 'export_jobs' AND record_id = ? ORDER BY seq`,
      [jobId],
    );

describe('audit-trail extract', () => {
  it('prints the filtered rows, the chain verification and the head (sequence and hash) in the PDF header and on every page (pdftotext)', async () => {
    const auditor = await newActor('auditor');
    const { bytes, job } = await extract(auditor, `format=pdf&verify=full&table=${table}&action=UPDATE&sort=seq.asc&columns=seq,action,table`);
    const text = pdfText(bytes);
    const [entry] = await auditOf(job.id);
    expect(entry.action).toBe('AUDIT_EXTRACT');
    expect(entry.new_values).toMatchObject({ chainIntact: true, verification: 'full', grid: 'audit' });
    const headSeq = entry.new_values.headSeq as number;
    const headHash = entry.new_values.headHash as string;
    expect(headHash).toBe(await entryHash(headSeq));

    expect(text).toContain('Audit-trail extract');
    expect(text).toContain('Audit chain verification: intact; full verification of');
    const headLine = `Chain head: #${headSeq} ${headHash}`;
    const pages = text.split('\f').filter((page) => page.trim());
    expect(pages.length).toBeGreaterThan(1);
    // Header once plus the footer of every page.
    expect(text.split(headLine).length - 1).toBe(pages.length + 1);
    for (const page of pages) expect(page).toContain(headLine);
    expect(text).toContain(`${table} · rec-0`);
    expect(text).toContain(`${table} · rec-118`);
    expect(text).not.toContain(`${table} · rec-1 `);
    expect(text).toContain(`${ENTRIES / 2} rows.`);
    expect(job).toMatchObject({ state: 'completed', grid: 'audit', format: 'pdf', row_count: String(ENTRIES / 2) });
  });

  it('writes a CSV of the filtered rows with the verification and head as provenance lines before the closing line', async () => {
    const auditor = await newActor('auditor');
    const { bytes, job } = await extract(auditor, `format=csv&table=${table}&action=DELETE&sort=seq.asc&columns=action,table`);
    const records = parse(bytes, { relax_column_count: true }) as string[][];
    expect(records[0]).toEqual(['Action', 'Table · record']);
    const body = records.slice(1, -3);
    expect(body).toEqual(Array.from({ length: ENTRIES / 2 }, (_, index) => ['DELETE', `${table} · rec-${index * 2 + 1}`]));
    const [verification, head, closing] = records.slice(-3).map((record) => record[0]);
    expect(verification).toMatch(/^# Audit chain verification: intact; /);
    const [entry] = await auditOf(job.id);
    expect(head).toBe(`# Chain head: #${entry.new_values.headSeq} ${entry.new_values.headHash}`);
    expect(closing).toContain(job.id);
  });

  it('is a PDF or CSV only, and needs the audit grid’s permission', async () => {
    const auditor = await newActor('auditor');
    const verifier = await newActor('kyc_verifier');
    const codeOf = (promise: Promise<unknown>) =>
      promise.then(
        () => 'ok',
        (error: unknown) => toAppError(error)?.code,
      );
    expect(await codeOf(extract(auditor, `format=xlsx&table=${table}`))).toBe('VALIDATION');
    expect(await codeOf(extract(verifier, `format=pdf&table=${table}`))).toBe('FORBIDDEN');
  });
});
