import type { MikroORM } from '@mikro-orm/postgresql';
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
    await expect(orm.em.fork().execute(`DELETE FROM audit_trail WHERE record_id = 'immutable'`)).rejects.toThrow(/permission denied|append-only/);
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
    const [target] = await owner.em.fork().execute<Array<{ seq: string; id: string }>>(`SELECT seq, id FROM audit_trail WHERE record_id = 'tamper-target'`);

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

  describe('verified checkpoints', () => {
    async function writeEvent(orm: MikroORM, recordId: string): Promise<{ id: string; seq: number }> {
      await recordAuditEvent(orm.em.fork(), { action: 'TEST', tableName: 'test', recordId }, context);
      const [row] = await orm.em
        .fork()
        .execute<Array<{ id: string; seq: string }>>(`SELECT id, seq FROM audit_trail WHERE record_id = ? ORDER BY seq DESC LIMIT 1`, [recordId]);
      return { id: row.id, seq: Number(row.seq) };
    }

    /** Rewrites an entry's action as a superuser with triggers off, runs `check`, then puts it back. */
    async function whileTampered<T>(owner: MikroORM, entryId: string, check: () => Promise<T>): Promise<T> {
      const setAction = (action: string) =>
        owner.em.fork().transactional(async (tx) => {
          await tx.execute(`SET LOCAL session_replication_role = replica`);
          await tx.execute(`UPDATE audit_trail SET action = ? WHERE id = ?`, [action, entryId]);
        });
      await setAction('FORGED');
      try {
        return await check();
      } finally {
        await setAction('TEST');
      }
    }

    it('an edit before the checkpoint escapes the incremental check and is caught by the full verification', async () => {
      const orm = await useTestOrm();
      const owner = await useTestOrm('owner');
      const early = await writeEvent(orm, 'before-checkpoint');
      await writeEvent(orm, 'checkpoint-head');
      expect(await verifyAuditChain(orm.em.fork(), 'full')).toMatchObject({ intact: true });
      await writeEvent(orm, 'after-checkpoint');
      await whileTampered(owner, early.id, async () => {
        expect(await verifyAuditChain(orm.em.fork(), 'since-checkpoint')).toMatchObject({ intact: true, entries: 1 });
        expect(await verifyAuditChain(orm.em.fork(), 'full')).toMatchObject({
          intact: false,
          brokenAtSeq: early.seq,
          brokenEntryId: early.id,
          reason: 'content-changed',
        });
      });
    });

    it('an edit after the checkpoint is caught by the incremental check', async () => {
      const orm = await useTestOrm();
      const owner = await useTestOrm('owner');
      await verifyAuditChain(orm.em.fork(), 'full');
      const late = await writeEvent(orm, 'late-entry');
      await writeEvent(orm, 'later-entry');
      await whileTampered(owner, late.id, async () => {
        expect(await verifyAuditChain(orm.em.fork(), 'since-checkpoint')).toMatchObject({ intact: false, brokenAtSeq: late.seq, brokenEntryId: late.id });
      });
      expect(await verifyAuditChain(orm.em.fork(), 'since-checkpoint')).toMatchObject({ intact: true, entries: 2 });
    });

    it('an edit of the checkpointed entry itself is caught by the incremental check', async () => {
      const orm = await useTestOrm();
      const owner = await useTestOrm('owner');
      const anchor = await writeEvent(orm, 'checkpointed-entry');
      expect(await verifyAuditChain(orm.em.fork(), 'full')).toMatchObject({ intact: true, headSeq: anchor.seq });
      await whileTampered(owner, anchor.id, async () => {
        expect(await verifyAuditChain(orm.em.fork(), 'since-checkpoint')).toMatchObject({ intact: false, brokenAtSeq: anchor.seq });
      });
    });
  });
});
