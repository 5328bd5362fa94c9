// npm run demo – the product with sample data: embedded PostgreSQL (unless DATABASE_URL), examples/legacy-small imported through the real migration, the sync worker on a scratch copy, the app served, the sign-in printed
import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig } from '@/mikro-orm.config';
import { buildIfStale } from './lib/build';
import { DEMO_DIR, demoAdminPassword, demoEnvironment, prepareDemoData } from './lib/demo-setup';
import { createProgressPrinter } from './lib/progress';
import { printSourceTable } from './lib/report-table';
import type { Runtime } from './lib/runtime';
import { serve } from './lib/serve';

const DEFAULT_ADMIN_EMAIL = 'admin@pend.local';

// Before anything parses the environment: the runtime, the app and the worker all read these.
Object.assign(process.env, demoEnvironment(process.env), {
  ADMIN_EMAIL: process.env.ADMIN_EMAIL || DEFAULT_ADMIN_EMAIL,
  ADMIN_PASSWORD: demoAdminPassword(process.env),
});

async function importSample(runtime: Runtime): Promise<void> {
  const { config } = runtime;
  const orm = await MikroORM.init(createOrmConfig({ clientUrl: runtime.childEnv.DATABASE_URL }));
  try {
    console.log('Sample data: examples/legacy-small');
    const { legacyDir, run } = await prepareDemoData(orm, {
      paths: { scratchDir: config.LEGACY_DATA_DIR!, storageDir: config.KYC_STORAGE_DIR, backupDir: config.BACKUP_DIR },
      onProgress: createProgressPrinter(),
    });
    if (run) {
      process.stderr.write('\n');
      printSourceTable(run.sources);
      const anomalies = run.sources.reduce((sum, report) => sum + Object.values(report.anomalies).reduce((kinds, keys) => kinds + keys.length, 0), 0);
      console.log(`\nSample imported and verified (run ${run.runId}); ${anomalies} planted anomalies kept and listed on the Migration page.`);
    } else {
      console.log(`The demo database already holds the sample; continuing with ${legacyDir} as it is now (delete ${DEMO_DIR} to start over).`);
    }
    console.log(`The sync worker follows ${legacyDir}, a copy: edit it like the legacy server would, and the app follows.`);
  } finally {
    await orm.close(true);
  }
}

void serve('start', async (runtime) => {
  await importSample(runtime);
  await buildIfStale();
  const { config } = runtime;
  console.log('');
  console.log(`  Pend Admin demo: http://localhost:${config.PORT}`);
  console.log(`    email:    ${config.ADMIN_EMAIL}`);
  console.log(`    password: ${config.ADMIN_PASSWORD}   (the password the demo account was created with)`);
  console.log('');
});
