import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Whether legacy data has been imported: some import run finished writing its sources (validated, or
 * mismatched, which still wrote them). A running or failed import does not count, so the dashboard
 * keeps saying how to import until one has gone through.
 */
export async function hasImportedData(em: EntityManager): Promise<boolean> {
  const [row] = await em.execute<Array<{ imported: boolean }>>(
    `SELECT EXISTS (SELECT 1 FROM migration_runs WHERE kind = 'import' AND state IN ('validated', 'mismatched')) AS imported`,
  );
  return row.imported;
}
