// npm run bench:user-page [-- --scale large --seed 7 --iterations 200 --reuse] – the user page's loaders and its access-log write, p50/p95 per call and for the whole page
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { createOrmConfig } from '@/mikro-orm.config';
import { recordUserDataAccess } from '@/lib/users/user-data-access';
import {
  findUserAudit,
  findUserConsents,
  findUserDataAccess,
  findUserIdentity,
  findUserInvestments,
  findUserServerLogs,
  findUserTransactions,
  findUserWallets,
} from '@/lib/users/user-page.repository';
import { benchLegacyFolder } from './lib/bench-folder';
import { importBenchFolder, openBenchDatabase } from './lib/bench-database';
import { percentile } from './lib/timing';

type Person = { id: string; hash: string };
type Scenario = { name: string; targetMs: number; run: (em: EntityManager, person: Person) => Promise<unknown> };

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: 'large' },
      seed: { type: 'string', default: '7' },
      iterations: { type: 'string', default: '200' },
      // Keep the database of the previous run instead of importing again.
      reuse: { type: 'boolean', default: false },
    },
  });
  const dataDir = benchLegacyFolder(values.scale!, values.seed!);
  const database = await openBenchDatabase('user_page', { reuse: values.reuse!, portOffset: 9 });
  const { url } = database;
  let orm: MikroORM | undefined;
  try {
    if (!values.reuse) {
      await importBenchFolder(url, dataDir, 'user-page', async (em) => {
        await em.execute(
          `INSERT INTO admin_users (email, name, role, password_hash) VALUES ('bench-user-page@bench.pend', 'Bench', 'super_admin', 'x') ON CONFLICT DO NOTHING`,
        );
        await em.execute('ANALYZE');
      });
    }
    orm = await MikroORM.init(createOrmConfig({ clientUrl: url }));
    const em = orm.em.fork();
    // The identities with the most transaction-log entries first: the heaviest pages.
    const people = (
      await em.execute<Array<{ id: string; identity_hash: string }>>(
        `SELECT i.id, i.identity_hash FROM identities i JOIN (SELECT identity_hash, count(*) AS n FROM transaction_log GROUP BY identity_hash) t USING (identity_hash)
          ORDER BY t.n DESC LIMIT 100`,
      )
    ).map((row) => ({ id: row.id, hash: row.identity_hash }));
    const [actor] = await em.execute<Array<{ id: string; email: string }>>(`SELECT id, email FROM admin_users WHERE email = 'bench-user-page@bench.pend'`);

    const loaders: Scenario[] = [
      {
        name: 'page-view access record',
        targetMs: 20,
        run: (scoped, person) => recordUserDataAccess(scoped, { identityId: person.id, actor, kind: 'page_view' }),
      },
      { name: 'identity and provenance', targetMs: 50, run: (scoped, person) => findUserIdentity(scoped, person.id, { showIdentityHash: true }) },
      { name: 'balances', targetMs: 50, run: (scoped, person) => findUserWallets(scoped, person.hash) },
      { name: 'transactions, first page', targetMs: 50, run: (scoped, person) => findUserTransactions(scoped, person.hash, {}) },
      { name: 'investments', targetMs: 50, run: (scoped, person) => findUserInvestments(scoped, person.hash) },
      { name: 'consents', targetMs: 50, run: (scoped, person) => findUserConsents(scoped, person.hash) },
      { name: 'server-log activity', targetMs: 50, run: (scoped, person) => findUserServerLogs(scoped, person.hash) },
      { name: 'audit and tier history', targetMs: 50, run: (scoped, person) => findUserAudit(scoped, { id: person.id, identityHash: person.hash }) },
      { name: 'access log', targetMs: 50, run: (scoped, person) => findUserDataAccess(scoped, person.id) },
    ];
    const scenarios: Scenario[] = [
      ...loaders,
      // As the page runs them: the identity, the view record, then the rest side by side.
      {
        name: 'whole page',
        targetMs: 200,
        run: async (scoped, person) => {
          await loaders[1].run(scoped, person);
          await loaders[0].run(scoped, person);
          await Promise.all(loaders.slice(2).map((loader) => loader.run(scoped.fork(), person)));
        },
      },
    ];

    const iterations = Number(values.iterations);
    const [counts] = await em.execute<Array<{ identities: number; log: number; chain: number; audit: number }>>(
      `SELECT (SELECT count(*) FROM identities)::int AS identities, (SELECT count(*) FROM transaction_log)::int AS log,
              (SELECT count(*) FROM chain_transactions)::int AS chain, (SELECT count(*) FROM audit_trail)::int AS audit`,
    );
    console.log(
      `\nlegacy-gen ${values.scale} seed ${values.seed}: ${counts.identities.toLocaleString('en-US')} identities, ${counts.log.toLocaleString('en-US')} log entries, ` +
        `${counts.chain.toLocaleString('en-US')} chain transactions; the ${people.length} busiest identities in turn, ${iterations} runs per call, sequential`,
    );
    console.log('call                          p50         p95         target p95');
    let failed = false;
    for (const scenario of scenarios) {
      for (let i = 0; i < Math.min(20, iterations); i++) await scenario.run(orm.em.fork(), people[i % people.length]);
      const times: number[] = [];
      for (let i = 0; i < iterations; i++) {
        const start = performance.now();
        await scenario.run(orm.em.fork(), people[i % people.length]);
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      const ok = percentile(times, 0.95) < scenario.targetMs;
      failed ||= !ok;
      const cell = (value: number) => `${value.toFixed(1)} ms`.padStart(11);
      console.log(
        `${scenario.name.padEnd(29)}${cell(percentile(times, 0.5))} ${cell(percentile(times, 0.95))}   < ${scenario.targetMs} ms ${ok ? 'ok' : 'ABOVE TARGET'}`,
      );
    }
    if (failed) process.exitCode = 1;
  } finally {
    await orm?.close(true);
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
