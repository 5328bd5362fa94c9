// npm run bench:api [-- --scale large --seed 7 --duration 30 --connections 50 --port 3199 --reuse] – cached legacy API reads against the production build
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { piiKeyText } from '@/lib/pii-keyring';
import { buildIfStale } from './lib/build';
import { nextCommand, nextNodeOptions } from './lib/serve';
import { benchLegacyFolder } from './lib/bench-folder';
import { loadEnvOrExit } from './lib/runtime';
import { importBenchFolder, openBenchDatabase } from './lib/bench-database';

const BENCH_KEY = `bench-${randomBytes(24).toString('hex')}`;
// The target of design.md §6: 50,000 cached API requests per minute on this machine.
const TARGET_PER_MINUTE = 50_000;

type Scenario = { name: string; path: string; headers: Record<string, string> };

const ms = (value: number) => `${value.toFixed(1)} ms`;

function startServer(env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  const child = spawn(...nextCommand(['start', '--port', String(port), '--hostname', '127.0.0.1']), { env, stdio: ['ignore', 'ignore', 'inherit'] });
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 60_000;
    const poll = async () => {
      if (child.exitCode !== null) return reject(new Error(`next start exited with ${child.exitCode}`));
      const up = await fetch(`http://127.0.0.1:${port}/api/openapi.json`).then(
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

/** SIGTERM, then waits for the exit (SIGKILL after 30 s). */
async function stopServer(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

/** Runs one autocannon scenario; p95 is computed from every response time, which autocannon's histogram does not report. */
async function measure(scenario: Scenario, seconds: number, connections: number, port: number) {
  const url = `http://127.0.0.1:${port}${scenario.path}`;
  const warm = await fetch(url, { headers: scenario.headers });
  if (!warm.ok) throw new Error(`${scenario.path} answered ${warm.status}: ${await warm.text()}`);
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, headers: scenario.headers, connections, duration: seconds }, (error, done) => (error ? reject(error) : resolve(done)));
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
  times.sort((a, b) => a - b);
  const percentile = (share: number) => times[Math.min(times.length - 1, Math.floor(share * times.length))] ?? NaN;
  const perMinute = Math.round((result.requests.total / result.duration) * 60);
  return {
    perMinute,
    p50: percentile(0.5),
    p95: percentile(0.95),
    p99: percentile(0.99),
    non2xx: result.non2xx,
    errors: result.errors,
    bytes: result.throughput.average,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: 'large' },
      seed: { type: 'string', default: '7' },
      duration: { type: 'string', default: '30' },
      connections: { type: 'string', default: '50' },
      // Another checkout benchmarking on this machine uses its own port.
      port: { type: 'string', default: '3199' },
      // Keep the database of the previous run (same scale and seed) instead of importing again.
      reuse: { type: 'boolean', default: false },
    },
  });
  const config = loadEnvOrExit();
  const dataDir = benchLegacyFolder(values.scale!, values.seed!);
  const database = await openBenchDatabase('api', { reuse: values.reuse!, portOffset: 4 });
  const { url } = database;
  let next: ChildProcess | undefined;
  try {
    if (!values.reuse) await importBenchFolder(url, dataDir, 'api');
    await buildIfStale();
    const pii = piiKeyText();
    next = await startServer(
      {
        ...process.env,
        NODE_OPTIONS: nextNodeOptions(process.env.NODE_OPTIONS),
        DATABASE_URL: url,
        LEGACY_DATA_DIR: dataDir,
        PII_KEYS: pii.keys,
        PII_HMAC_KEY: pii.hmacKey,
        AUTH_SECRET: randomBytes(32).toString('base64url'),
        ADMIN_SECRET_KEY: BENCH_KEY,
        AUDIT_ANCHOR_KEY: randomBytes(32).toString('base64'),
        // The limiter still runs on every request (its cost is part of the measurement); it just never refuses.
        RATE_LIMIT_MAX: '1000000000',
        // The app's own signal handler (instrumentation.ts) flushes the audit queue before exiting.
        NEXT_MANUAL_SIG_HANDLE: 'true',
      },
      Number(values.port),
    );
    const seconds = Number(values.duration);
    const connections = Number(values.connections);
    const scenarios: Scenario[] = [
      { name: 'GET /api/explorer/stats', path: '/api/explorer/stats', headers: {} },
      { name: 'GET /api/admin/assets', path: '/api/admin/assets', headers: { 'X-Admin-Key': BENCH_KEY } },
    ];
    console.log(
      `\nlegacy-gen ${values.scale} seed ${values.seed}; ${connections} connections for ${seconds} s per scenario; cache and rate limit: ${config.REDIS_URL ? 'Redis' : 'in-process'}`,
    );
    let failed = false;
    for (const scenario of scenarios) {
      const result = await measure(scenario, seconds, connections, Number(values.port));
      const verdict = result.perMinute >= TARGET_PER_MINUTE && result.non2xx === 0 && result.errors === 0 ? 'ok' : 'BELOW TARGET';
      failed ||= verdict !== 'ok';
      console.log(
        `${scenario.name.padEnd(26)} ${result.perMinute.toLocaleString('en-US').padStart(9)} req/min   p50 ${ms(result.p50)}   p95 ${ms(result.p95)}   p99 ${ms(result.p99)}   ` +
          `non-2xx ${result.non2xx}   errors ${result.errors}   ${Math.round(result.bytes / 1024)} KiB/s   ${verdict}`,
      );
    }
    if (failed) process.exitCode = 1;
  } finally {
    // The server writes its queued admin-key audit entries on SIGTERM: the database goes only after it has exited.
    await stopServer(next);
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
