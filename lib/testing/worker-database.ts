import { inject } from 'vitest';

// Runs in each worker before its test file loads anything that reads the environment (env() parses
// it once per file): the file connects to its worker's own copy of the migrated database.
const urls = inject('workerDatabaseUrls');
const worker = Number(process.env.VITEST_POOL_ID ?? 1);
process.env.DATABASE_URL = urls[(worker - 1) % urls.length];
