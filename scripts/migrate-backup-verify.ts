// npm run migrate:backup-verify -- MANIFEST.json – check a backup archive against its SHA-256 manifest
import { verifyBackup } from '@/lib/migration/backup';
import { exitWith } from './lib/exit-with';

async function main(): Promise<number> {
  const manifestPath = process.argv[2];
  if (!manifestPath) {
    console.error('Name the backup manifest: npm run migrate:backup-verify -- .data/backups/legacy-<run>.manifest.json');
    return 2;
  }
  const result = await verifyBackup(manifestPath);
  for (const problem of result.problems) console.error(`✗ ${problem}`);
  console.log(result.ok ? `✓ backup intact: ${result.checked} files match their SHA-256` : `✗ backup damaged: ${result.problems.length} problem(s)`);
  return result.ok ? 0 : 1;
}

exitWith(main);
