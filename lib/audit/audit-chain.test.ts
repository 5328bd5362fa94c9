import { describe, expect, it } from 'vitest';
import { useTestOrm } from '@/lib/testing/test-orm';
import { recordAuditEvent } from './record-audit-event';
import { verifyAuditChain } from './verify-audit-chain';

const context = { source: 'system' as const, actorLabel: 'test' };

describe('audit chain', () => {
  it('stays one linear chain under 20 concurrent writers', async () => {
    const orm = await useTestOrm();
    const before = await verifyAuditChain(orm.em.fork());
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        orm.em.fork().transactional(async (tx) => {
          await recordAuditEvent(tx, { action: 'TEST', tableName: 'test', recordId: `writer-${index}` }, context);
          await recordAuditEvent(tx, { action: 'TEST', tableName: 'test', recordId: `writer-${index}-second` }, context);
        }),
      ),
    );
    const after = await verifyAuditChain(orm.em.fork());
    expect(after).toMatchObject({ intact: true, entries: before.entries + 40 });
    const [{ distinct_prev }] = await orm.em
      .fork()
      .execute<Array<{ distinct_prev: string }>>('SELECT count(DISTINCT prev_hash) - count(*) AS distinct_prev FROM audit_trail');
    expect(Number(distinct_prev)).toBe(0);
  });

  it('refuses UPDATE and DELETE of audit rows for the application role', async () => {
    const orm = await useTestOrm();
    await recordAuditEvent(orm.em.fork(), { action: 'TEST', tableName: 'test', recordId: 'immutable' }, context);
    await expect(orm.em.fork().execute(`UPDATE audit_trail SET action = 'EDITED' WHERE record_id = 'immutable'`)).rejects.toThrow(
      /permission denied|append-only/,
    );
    await expect(orm.em.fork().execute(`DELETE FROM audit_trail WHERE record_id = 'immutable'`)).rejects.toThrow(
      /permission denied|append-only/,
    );
    await expect(orm.em.fork().execute(`TRUNCATE audit_trail`)).rejects.toThrow(/permission denied|append-only/);
  });

  it('refuses UPDATE even for the table owner unless triggers are bypassed', async () => {
    const owner = await useTestOrm('owner');
    await expect(owner.em.fork().execute(`UPDATE audit_trail SET action = 'EDITED'`)).rejects.toThrow(/append-only/);
  });

  it('reports the exact entry a superuser edited, and intact again once restored', async () => {
    const orm = await useTestOrm();
    const owner = await useTestOrm('owner');
    await recordAuditEvent(orm.em.fork(), { action: 'TEST', tableName: 'test', recordId: 'tamper-target' }, context);
    await recordAuditEvent(orm.em.fork(), { action: 'TEST', tableName: 'test', recordId: 'after-target' }, context);
    const [target] = await owner.em
      .fork()
      .execute<Array<{ seq: string; id: string }>>(`SELECT seq, id FROM audit_trail WHERE record_id = 'tamper-target'`);

    const tamper = (action: string) =>
      owner.em.fork().transactional(async (tx) => {
        await tx.execute(`SET LOCAL session_replication_role = replica`);
        await tx.execute(`UPDATE audit_trail SET action = ? WHERE id = ?`, [action, target.id]);
      });

    await tamper('FORGED');
    try {
      expect(await verifyAuditChain(orm.em.fork())).toMatchObject({
        intact: false,
        brokenAtSeq: Number(target.seq),
        brokenEntryId: target.id,
        reason: 'content-changed',
      });
    } finally {
      await tamper('TEST');
    }
    expect(await verifyAuditChain(orm.em.fork())).toMatchObject({ intact: true });
  });
});
