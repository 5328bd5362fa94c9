// npm run migrate:ddl -- SOURCE_ID… – print draft CREATE TABLE statements for legacy mappings (for writing migrations)
import { SOURCE_MAPPINGS } from '@/lib/migration/mappings';
import { legacyTableDdl } from '@/lib/migration/legacy-table-ddl';

const ids = process.argv.slice(2);
for (const mapping of Object.values(SOURCE_MAPPINGS)) {
  if (mapping && (!ids.length || ids.includes(mapping.source))) console.log(`${legacyTableDdl(mapping)}\n`);
}
