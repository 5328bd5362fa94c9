// npm run explorer:restore-partition -- <partition name> – re-attach an archived month partition after checking its file's SHA-256 and its rows (decision 071)
import { withPgClient } from '@/lib/migration/pg-client';
import { restorePartition } from '@/lib/partitions/partition-archive';
import { withCliOrm } from './lib/cli-orm';
import { exitWith } from './lib/exit-with';

async function main(): Promise<number> {
  const name = process.argv.slice(2).find((argument) => argument !== '--');
  if (!name || !/^[a-z_][a-z0-9_]*$/.test(name)) {
    console.error('Usage: npm run explorer:restore-partition -- <partition name>, e.g. chain_transactions_p2024_03');
    return 2;
  }
  // As the migration owner: restoring creates a table, which the app role may not.
  return withCliOrm(
    (orm) =>
      withPgClient(orm.em.fork(), async (client) => {
        const archive = await restorePartition(client, name);
        console.log(
          `Restored ${name} into ${archive.parentTable}: ${archive.rowCount} rows, file sha256 ${archive.sha256} as recorded, rows checksum ${archive.rowsChecksum} as archived.`,
        );
        return 0;
      }),
    { asOwner: true },
  );
}

exitWith(main);
