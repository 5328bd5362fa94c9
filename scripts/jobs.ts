// npm run jobs – the job runner (pg-boss): recurring jobs on their cron, background and scheduled exports; npm start runs one
import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig } from '@/mikro-orm.config';
import { startJobRunner } from '@/lib/jobs/job-runner';
import { loadEnvOrExit } from './lib/runtime';

async function main(): Promise<void> {
  const config = loadEnvOrExit();
  if (!config.DATABASE_URL) {
    console.error('The job runner needs DATABASE_URL (npm start passes it to the runner it starts itself).');
    process.exit(2);
  }
  const ormConfig = createOrmConfig();
  const orm = await MikroORM.init(ormConfig);
  const runner = await startJobRunner({ connectionString: ormConfig.clientUrl!, orm, log: (line) => console.log(line) });
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void runner
        .stop()
        .then(() => orm.close(true))
        .then(() => process.exit(0));
    });
  }
}

void main();
