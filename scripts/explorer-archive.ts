// npm run explorer:archive [-- --after-months 24] – archive (gzip COPY, SHA-256 recorded) and drop the month partitions of the chain tables and the transaction log older than EXPLORER_ARCHIVE_AFTER_MONTHS (the log never before 7 years; decisions 071, 077)
import path from 'node:path';
import { parseArgs } from 'node:util';
import { env } from '@/lib/env';
import { withPgClient } from '@/lib/migration/pg-client';
import { archiveOldPartitions } from '@/lib/partitions/partition-archive';
import { ensurePartitions } from '@/lib/partitions/partition.repository';
import { withCliOrm } from './lib/cli-orm';
import { exitWith } from './lib/exit-with';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { 'after-months': { type: 'string' } } });
  const afterMonths = values['after-months'] ? Number(values['after-months']) : env().EXPLORER_ARCHIVE_AFTER_MONTHS;
  if (!afterMonths || !Number.isInteger(afterMonths) || afterMonths < 1) {
    console.error('Set EXPLORER_ARCHIVE_AFTER_MONTHS or pass --after-months N (a whole number of months, at least 1).');
    return 2;
  }
  const dir = path.resolve(env().EXPLORER_ARCHIVE_DIR);
  return withCliOrm((orm) =>
    withPgClient(orm.em.fork(), async (client) => {
      await ensurePartitions(client);
      const archived = await archiveOldPartitions(client, { dir, afterMonths });
      for (const entry of archived) {
        console.log(`${entry.partition}: ${entry.rowCount} rows → ${entry.filePath} (${entry.sizeBytes} bytes, sha256 ${entry.sha256})`);
      }
      console.log(archived.length ? `Archived and dropped ${archived.length} partition(s).` : `No partition ended ${afterMonths} months ago or earlier.`);
      return 0;
    }),
  );
}

exitWith(main);
