// npm run bench:exports [-- --rows 200000 --port 3198 --reuse] – transaction-log rows as CSV and XLSX through GET /api/exports/transactions on the production build
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MikroORM } from '@mikro-orm/postgresql';
import { encode } from 'next-auth/jwt';
import { createOrmConfig } from '@/mikro-orm.config';
import { createAdminSession } from '@/lib/admin-sessions/admin-session.repository';
import { createAdminUser } from '@/lib/admin-users/admin-user.service';
import { piiKeyText } from '@/lib/pii-keyring';
import { buildIfStale } from './lib/build';
import { nextCommand, nextNodeOptions } from './lib/serve';
import { openBenchDatabase } from './lib/bench-database';

// issue 17: peak RSS growth above idle stays under 100 MB for each format.
const RSS_TARGET_MB = 100;
const SESSION_COOKIE = 'authjs.session-token';

/** Resident memory of the server and its children (next start may fork a worker), in bytes. */
function treeRss(pid: number): number {
  let total = 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    total += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const child of children ? children.split(/\s+/) : []) total += treeRss(Number(child));
    }
  } catch {
    // The process ended between the listing and the read.
  }
  return total;
}

function startServer(env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  const child = spawn(...nextCommand(['start', '--port', String(port), '--hostname', '127.0.0.1']), { env, stdio: ['ignore', 'ignore', 'inherit'] });
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 60_000;
    const poll = async () => {
      if (child.exitCode !== null) return reject(new Error(`next start exited with ${child.exitCode}`));
      const up = await fetch(`http://127.0.0.1:${port}/api/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (up) return resolve(child);
      if (Date.now() > deadline) return reject(new Error('next start did not come up within 60 s'));
      setTimeout(() => void poll(), 250);
    };
    void poll();
  });
}

async function seedTransactions(url: string, rows: number): Promise<void> {
  const orm = await MikroORM.init(createOrmConfig({ clientUrl: url, asOwner: true }));
  try {
    await orm.em.fork().transactional(async (em) => {
      // As the migration owner, one bulk load is not audited row by row (decision 036), like an import.
      await em.execute(`SELECT set_config('pend.bulk_load', 'on', true)`);
      // 5,000 people, each with 40 transactions; the log references them (decision 034).
      await em.execute(
        `INSERT INTO identities (identity_hash, in_transactions) SELECT '0x' || md5(i::text) || md5((i + 7)::text), true FROM generate_series(0, 4999) i`,
      );
      await em.execute(
        `INSERT INTO transaction_log (legacy_key, legacy_position, legacy_hash, occurred_at, type, identity_hash, wallet_address, phone_masked, amount, tx_hash, block_number)
         SELECT 'bench-' || i, i, md5(i::text) || md5((i + 1)::text), timestamptz '2026-01-01' + i * interval '1 minute',
                (ARRAY['investment', 'transfer', 'reward', 'withdrawal'])[1 + i % 4], '0x' || md5((i % 5000)::text) || md5((i % 5000 + 7)::text),
                '0x' || substr(md5((i % 5000)::text), 1, 40), '+20******' || lpad((i % 10000)::text, 4, '0'),
                round((random() * 100000)::numeric, 2), '0x' || md5(('tx' || i)::text) || md5(('h' || i)::text), 1000 + i / 10
           FROM generate_series(1, ?) i`,
        [rows],
      );
    });
    await orm.em.fork().execute('ANALYZE transaction_log');
  } finally {
    await orm.close(true);
  }
}

/** An auditor with a server-side session (lib/actor.ts refuses a token without one), its one-time password treated as changed. */
async function createBenchAdmin(url: string): Promise<{ id: string; email: string; sessionId: string }> {
  const orm = await MikroORM.init(createOrmConfig({ clientUrl: url }));
  try {
    return await orm.em.fork().transactional(async (em) => {
      const { user } = await createAdminUser(em, { email: `bench-${randomBytes(4).toString('hex')}@bench.pend`, name: 'Export bench', role: 'auditor' });
      await em.execute(`UPDATE admin_users SET must_change_password = false WHERE id = ?`, [user.id]);
      const sessionId = await createAdminSession(em, user.id, { ip: null, userAgent: 'bench-exports' });
      return { id: user.id, email: user.email, sessionId };
    });
  } finally {
    await orm.close(true);
  }
}

type Measurement = { status: number; ttfbMs: number; totalMs: number; bytes: number; peakGrowthMb: number; idleMb: number };

/** One export: time to the first byte of the body, total time, bytes, and the server's peak RSS above its idle RSS. */
async function measure(url: string, cookie: string, serverPid: number): Promise<Measurement> {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const idle = treeRss(serverPid);
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, treeRss(serverPid))), 50);
  const started = performance.now();
  try {
    const response = await fetch(url, { headers: { cookie } });
    const reader = response.body!.getReader();
    let ttfb = 0;
    let bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!ttfb) ttfb = performance.now() - started;
      bytes += value.length;
    }
    return {
      status: response.status,
      ttfbMs: ttfb,
      totalMs: performance.now() - started,
      bytes,
      peakGrowthMb: (peak - idle) / 2 ** 20,
      idleMb: idle / 2 ** 20,
    };
  } finally {
    clearInterval(sampler);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '200000' },
      port: { type: 'string', default: '3198' },
      reuse: { type: 'boolean', default: false },
    },
  });
  const rows = Number(values.rows);
  // Its own port offset: bench:queries uses 5.
  const database = await openBenchDatabase('exports', { reuse: values.reuse!, portOffset: 7 });
  const { url } = database;
  let next: ChildProcess | undefined;
  try {
    if (!values.reuse) {
      console.log(`Seeding ${rows.toLocaleString('en-US')} transaction-log rows…`);
      await seedTransactions(url, rows);
    }
    const admin = await createBenchAdmin(url);
    await buildIfStale();
    const secret = randomBytes(32).toString('base64url');
    const pii = piiKeyText();
    next = await startServer(
      {
        ...process.env,
        NODE_OPTIONS: nextNodeOptions(process.env.NODE_OPTIONS),
        DATABASE_URL: url,
        PII_KEYS: pii.keys,
        PII_HMAC_KEY: pii.hmacKey,
        AUTH_SECRET: secret,
        ADMIN_SECRET_KEY: randomBytes(24).toString('hex'),
        AUDIT_ANCHOR_KEY: randomBytes(32).toString('base64'),
        SYNC_WORKER: 'off',
        // The benchmark measures the streamed path: above the threshold the route would queue the export (decision 068).
        EXPORT_BACKGROUND_THRESHOLD_ROWS: String(Number.MAX_SAFE_INTEGER),
      },
      Number(values.port),
    );
    const token = await encode({ token: { sub: admin.id, email: admin.email, role: 'auditor', sid: admin.sessionId }, secret, salt: SESSION_COOKIE });
    const cookie = `${SESSION_COOKIE}=${token}`;
    const base = `http://127.0.0.1:${values.port}/api/exports/transactions?reason=export+benchmark`;
    // Loads the export code and the writers once, so idle memory is measured with them in place.
    const warm = await measure(`${base}&format=xlsx&type=reward&occurred=2026-01-01..2026-01-02`, cookie, next.pid!);
    if (warm.status !== 200) throw new Error(`the warm-up export answered ${warm.status}`);

    console.log(`\n${rows.toLocaleString('en-US')} transaction-log rows, every column, through GET /api/exports/transactions (production build)`);
    let failed = false;
    for (const format of ['csv', 'xlsx'] as const) {
      const result = await measure(`${base}&format=${format}`, cookie, next.pid!);
      const verdict = result.status === 200 && result.peakGrowthMb < RSS_TARGET_MB ? 'ok' : 'ABOVE TARGET';
      failed ||= verdict !== 'ok';
      console.log(
        `${format.padEnd(5)} status ${result.status}   first byte ${result.ttfbMs.toFixed(0)} ms   total ${(result.totalMs / 1000).toFixed(1)} s   ` +
          `${Math.round(rows / (result.totalMs / 1000)).toLocaleString('en-US')} rows/s   ${(result.bytes / 2 ** 20).toFixed(1)} MiB   ` +
          `peak RSS +${result.peakGrowthMb.toFixed(1)} MB above idle ${result.idleMb.toFixed(0)} MB   ${verdict}`,
      );
    }
    if (failed) process.exitCode = 1;
  } finally {
    next?.kill('SIGTERM');
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
