// npm run bench:tier-import [-- --rounds 3] – the CSV tier import on legacy-gen medium (1,000 users): the dry run of a 50,000-row file, and the apply of ~1,000 tier changes in both storage modes, p50/p95
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { createOrmConfig } from '@/mikro-orm.config';
import { createAdminUser } from '@/lib/admin-users/admin-user.service';
import { checkoutDatabaseName, recreateDatabase, resolveDatabaseServer, scratchEmbeddedDir } from '@/lib/database-server';
import type { JsonObject } from '@/lib/legacy/canonical-json';
import { getLegacySource } from '@/lib/legacy/sources';
import { generateLegacyFolder } from '@/lib/legacy/testing/legacy-gen';
import { runImport } from '@/lib/migration/run-import';
import { migrateToLatest } from '@/lib/schema-migrations';
import { TIER_IMPORT_MAX_ROWS } from '@/lib/users/tier-import.dto';
import { applyTierImport, dryRunTierImport } from '@/lib/users/tier-import.service';
import { loadEnvOrExit } from './lib/runtime';
import { percentile } from './lib/timing';

const context = { source: 'cli' as const, actorLabel: 'bench:tier-import' };

const summary = (label: string, timings: number[]) =>
  `${label.padEnd(44)} p50 ${percentile(timings, 0.5).toFixed(0).padStart(6)} ms   p95 ${percentile(timings, 0.95).toFixed(0).padStart(6)} ms   (${timings.length} runs)`;

async function setMode(em: EntityManager, mode: 'json-primary' | 'pg-primary') {
  await em.execute(`INSERT INTO app_settings (key, value) VALUES ('storage_mode', ?::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [
    JSON.stringify(mode),
  ]);
}

type Person = { hash: string; wallet: string; phone: string | null; tier: number };

/**
 * 50,000 rows naming every user once with a new tier (by identity hash, wallet address or phone in
 * turn), then again and again as duplicates, with one row in fifty naming nobody: the dry run decides
 * every row, the apply writes one change per user.
 */
function importFile(people: Person[], round: number): Uint8Array {
  const lines = ['user,tier,reason'];
  for (let index = 0; lines.length <= TIER_IMPORT_MAX_ROWS; index += 1) {
    if (index % 50 === 49) {
      lines.push(`0x${index.toString(16).padStart(64, 'f')},1,Bench row`);
      continue;
    }
    const person = people[index % people.length];
    const way = index % 3;
    const user = way === 0 || (way === 2 && !person.phone) ? person.hash : way === 1 ? person.wallet : person.phone!;
    lines.push(`${user},${(person.tier + 1 + round) % 6},Bench review round ${round}`);
  }
  return new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
}

async function people(em: EntityManager, dir: string): Promise<Person[]> {
  const adapter = getLegacySource('wallets-directory');
  const phones = new Map(
    adapter
      .parse(readFileSync(path.join(dir, adapter.relativePath)))
      .records.map((record) => [record.key, (record.value as JsonObject).fullPhoneNumber])
      .filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  const rows = await em.execute<Array<{ hash: string; wallet: string; tier: number }>>(
    `SELECT m.legacy_key AS hash, d.wallet_address AS wallet, m.tier FROM identity_map m JOIN wallet_directory d ON d.legacy_key = m.legacy_key WHERE m.tier IS NOT NULL ORDER BY m.legacy_key`,
  );
  return rows.map((row) => ({ ...row, phone: phones.get(row.hash) ?? null }));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' } } });
  const rounds = Number(values.rounds);
  const config = loadEnvOrExit();
  const root = mkdtempSync(path.join(os.tmpdir(), 'pend-bench-tier-import-'));
  const { dir } = generateLegacyFolder(root, 'medium', 7);
  process.env.LEGACY_DATA_DIR = dir;
  const server = await resolveDatabaseServer({
    databaseUrl: config.DATABASE_URL,
    embeddedDir: scratchEmbeddedDir('bench-tier-import'),
    embeddedPort: config.EMBEDDED_PG_PORT + 6,
  });
  const url = await recreateDatabase(server.url, checkoutDatabaseName('pend_admin_bench_tier_import'));
  await migrateToLatest(url);
  const orm = await MikroORM.init(createOrmConfig({ clientUrl: url }));
  const owner = await MikroORM.init(createOrmConfig({ clientUrl: url, asOwner: true }));
  try {
    await runImport(owner.em.fork(), { sourceDir: dir, backupDir: path.join(root, 'backups'), storageDir: path.join(root, 'kyc'), context });
    const { user } = await orm.em.fork().transactional((em) => createAdminUser(em, { email: 'bench-import@bench.pend', name: 'Bench', role: 'super_admin' }));
    const actor = { id: user.id, email: user.email };
    const dryRuns: number[] = [];
    const applies: Record<'json-primary' | 'pg-primary', number[]> = { 'json-primary': [], 'pg-primary': [] };
    let changed = 0;
    for (const mode of ['json-primary', 'pg-primary'] as const) {
      await setMode(orm.em.fork(), mode);
      for (let round = 0; round < rounds; round += 1) {
        const bytes = importFile(await people(orm.em.fork(), dir), round);
        let started = performance.now();
        const dryRun = await dryRunTierImport(orm.em.fork(), { name: 'bench.csv', bytes });
        dryRuns.push(performance.now() - started);
        started = performance.now();
        const result = await applyTierImport(orm.em.fork(), { name: 'bench.csv', bytes, sha256: dryRun.sha256, willChange: dryRun.counts.will_change }, actor, {
          ...context,
          actorId: actor.id,
        });
        applies[mode].push(performance.now() - started);
        changed = result.changed;
      }
    }
    console.log(`legacy-gen medium; a ${TIER_IMPORT_MAX_ROWS.toLocaleString('en')}-row file changing ${changed.toLocaleString('en')} users' tiers`);
    console.log(summary('dry run (parse + match + decide)', dryRuns));
    console.log(summary('apply, json-primary (dry run again + write)', applies['json-primary']));
    console.log(summary('apply, pg-primary (dry run again + write)', applies['pg-primary']));
  } finally {
    await orm.close(true);
    await owner.close(true);
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
