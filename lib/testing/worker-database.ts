import { inject } from 'vitest';

// Runs in each worker before its test file loads anything that reads the environment (env() parses
// it once per file): the file connects to its worker's own copy of the migrated database.
const urls = inject('workerDatabaseUrls');
const worker = Number(process.env.VITEST_POOL_ID ?? 1);
process.env.DATABASE_URL = urls[(worker - 1) % urls.length];

// Each test file counts rate limits and login failures under its own Redis namespace: fixed test identities
// and addresses would otherwise meet the counters of an earlier file or run in a shared Redis.
process.env.REDIS_KEY_PREFIX = `pend-admin-test-${crypto.randomUUID()}:`;
