import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { beforeAll, describe, expect, it } from 'vitest';
import { LEGACY_SOURCES } from '@/lib/legacy/sources';
import { generateLegacyFolder, type GeneratedFolder } from '@/lib/legacy/testing/legacy-gen';
import { runImport } from '@/lib/migration/run-import';
import { runVerify } from '@/lib/migration/run-verify';
import { ownerEm, useTestOrm } from '@/lib/testing/test-orm';
import { loadMigrationDashboard, type MigrationDashboard } from './load-migration-dashboard';
import { toMigrationRunDto, toMigrationSourceDtos, toMigrationStatusDto, toMismatchDto, toAnomalyDto } from './migration-dashboard.dto';
import { findRunPage, findSourceStates } from './migration-dashboard.repository';
import { listAnomaliesQuerySchema, listMigrationRunsQuerySchema, listMismatchesQuerySchema } from './migration-dashboard.schemas';
import { findAnomalyPage, findMismatchPage } from './migration-findings.repository';

const context = { source: 'cli' as const, actorLabel: 'vitest-dashboard' };
let orm: MikroORM;
let owner: MikroORM;
let generated: GeneratedFolder;
let importRunId: string;
let storageDir: string;

beforeAll(async () => {
  orm = await useTestOrm();
  owner = await useTestOrm('owner');
  const root = mkdtempSync(path.join(os.tmpdir(), 'pend-dashboard-'));
  generated = generateLegacyFolder(root, 'small', 1);
  storageDir = path.join(root, 'kyc-storage');
  const result = await runImport(await ownerEm(), {
    sourceDir: generated.dir,
    backupDir: path.join(root, 'backups'),
    storageDir,
    context,
  });
  importRunId = result.runId;
});

async function latestRuns(params: Record<string, string> = {}) {
  return (await findRunPage(orm.em.fork(), listMigrationRunsQuerySchema.parse(params))).rows.map(toMigrationRunDto);
}

function load(): Promise<MigrationDashboard> {
  return loadMigrationDashboard(orm.em.fork());
}

async function mismatches(params: Record<string, string> = {}) {
  return (await findMismatchPage(orm.em.fork(), listMismatchesQuerySchema.parse(params), 1_000)).rows.map(toMismatchDto);
}

describe('migration dashboard queries', () => {
  it('show all 13 sources validated after an import, with equal root hashes and the file size and SHA-256 of each file', async () => {
    const { sources } = await load();
    const runs = await latestRuns();
    expect(sources.map((source) => source.source)).toEqual(LEGACY_SOURCES.map((source) => source.id));
    for (const source of sources) {
      expect(source, source.source).toMatchObject({ state: 'validated', rootHashesEqual: true, mismatched: 0, verifiedBy: context.actorLabel });
      expect(source.rootHash, source.source).toMatch(/^[0-9a-f]{64}$/);
      expect(source.written + source.quarantined, source.source).toBe(source.read);
      const file = path.join(generated.dir, source.relativePath);
      expect(source.sizeBytes, source.source).toBe(statSync(file).size);
      expect(source.sha256, source.source).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'));
    }
    expect(runs[0]).toMatchObject({ id: importRunId, kind: 'import', state: 'validated', startedBy: context.actorLabel, only: null });
    expect(runs[0].durationMs).toBeGreaterThan(0);
  });

  it('list the anomalies of the latest import by source and kind, exactly the defects legacy-gen planted', async () => {
    const expected = LEGACY_SOURCES.flatMap((source) =>
      Object.entries(generated.expected.sources[source.relativePath]?.anomalies ?? {}).map(([kind, keys]) => ({
        source: source.id,
        kind,
        keys: [...keys].sort(),
      })),
    );
    const { anomalyCounts } = await load();
    expect(sortGroups(anomalyCounts.map(({ source, kind, count }) => ({ source, kind, keys: count })))).toEqual(
      sortGroups(expected.map(({ source, kind, keys }) => ({ source, kind, keys: keys.length }))),
    );
    // Every page of the grid, one anomaly per row.
    const groups = new Map<string, { source: string; kind: string; keys: string[] }>();
    let cursor: string | null = null;
    do {
      const page = await findAnomalyPage(orm.em.fork(), listAnomaliesQuerySchema.parse({ pageSize: '200', ...(cursor ? { cursor } : {}) }));
      for (const row of page.rows.map(toAnomalyDto)) {
        expect(row.runId).toBe(importRunId);
        const group = groups.get(`${row.source} ${row.kind}`) ?? { source: row.source, kind: row.kind, keys: [] };
        group.keys.push(row.key);
        groups.set(`${row.source} ${row.kind}`, group);
      }
      cursor = page.nextCursor;
    } while (cursor);
    const listed = [...groups.values()].map((group) => ({ ...group, keys: group.keys.sort() }));
    expect(sortGroups(listed)).toEqual(sortGroups(expected));
  });

  it('show a row corrupted in PostgreSQL as mismatched, with source, key, field, both values and the verify run that found it', async () => {
    const [block] = await owner.em.fork().execute<Array<{ gas_used: string }>>(`SELECT gas_used FROM chain_blocks WHERE legacy_key = '7'`);
    await owner.em.fork().execute(`UPDATE chain_blocks SET gas_used = gas_used + 1 WHERE legacy_key = '7'`);
    try {
      const verify = await runVerify(orm.em.fork(), { sourceDir: generated.dir, storageDir, context });
      const { sources } = await load();
      const blocks = sources.find((source) => source.source === 'full-chain-history')!;
      expect(blocks).toMatchObject({ state: 'mismatched', mismatched: 1, rootHashesEqual: false });
      expect(sources.filter((source) => source.state !== 'validated').map((source) => source.source)).toEqual(['full-chain-history']);
      expect(await mismatches()).toEqual([
        expect.objectContaining({
          source: 'full-chain-history',
          key: '7',
          field: 'gasUsed',
          legacyValue: String(Number(block.gas_used)),
          dbValue: String(Number(block.gas_used) + 1),
          runId: verify.runId,
          runKind: 'verify',
          runStartedBy: context.actorLabel,
        }),
      ]);
      expect((await latestRuns())[0]).toMatchObject({ id: verify.runId, kind: 'verify', state: 'mismatched' });

      expect((await mismatches({ source: 'full-chain-history' })).map((row) => row.key)).toEqual(['7']);
      expect(await mismatches({ source: 'wallet-db' })).toEqual([]);
      expect(toMigrationStatusDto(toMigrationSourceDtos(await findSourceStates(orm.em.fork())), false).state).toBe('attention');
    } finally {
      await owner.em.fork().execute(`UPDATE chain_blocks SET gas_used = gas_used - 1 WHERE legacy_key = '7'`);
    }
    await runVerify(orm.em.fork(), { sourceDir: generated.dir, storageDir, context });
    expect(await mismatches()).toEqual([]);
    expect(toMigrationStatusDto(toMigrationSourceDtos(await findSourceStates(orm.em.fork())), false).state).toBe('validated');
  });

  it('show the lag of the latest sync of a source', async () => {
    const db = owner.em.fork();
    await db.execute(
      `INSERT INTO sync_events (source, committed_at, lag_ms, worker) VALUES
         ('wallet-db', now() - interval '2 minutes', 900, 'vitest'), ('wallet-db', now() - interval '1 second', 120, 'vitest')`,
    );
    await db.execute(`UPDATE migration_source_state SET last_synced_at = now() WHERE source = 'wallet-db'`);
    // Other test files share this database and may have synced admin-logs: make it a never-synced source here.
    await db.execute(`UPDATE migration_source_state SET last_synced_at = NULL WHERE source = 'admin-logs'`);
    try {
      const { sources } = await load();
      expect(sources.find((source) => source.source === 'wallet-db')).toMatchObject({ syncLagMs: 120 });
      expect(sources.find((source) => source.source === 'admin-logs')).toMatchObject({ syncLagMs: null, lastSyncedAt: null });
    } finally {
      await db.execute(`UPDATE migration_source_state SET last_synced_at = NULL WHERE source = 'wallet-db'`);
      await db.execute(`DELETE FROM sync_events WHERE worker = 'vitest'`);
    }
  });

  it('show a source that was never imported as pending', async () => {
    const [stored] = toMigrationSourceDtos([]);
    expect(stored).toMatchObject({ source: 'wallet-db', state: 'pending', read: 0, rootHash: null, rootHashesEqual: null, syncLagMs: null });
  });
});

function sortGroups<Group extends { source: string; kind: string }>(groups: Group[]): Group[] {
  return [...groups].sort((a, b) => `${a.source}:${a.kind}`.localeCompare(`${b.source}:${b.kind}`));
}
