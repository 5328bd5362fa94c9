import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditContext } from '@/lib/audit/audit-context';
import type { JsonObject } from '@/lib/legacy/canonical-json';
import { runImport } from '@/lib/migration/run-import';

/** The legacy id of the `index`-th generated opportunity (`opp_<ms>`, as the legacy server names them). */
export const generatedAssetId = (index: number) => `opp_${1_700_000_000_000 + index}`;

/** An active investment opportunity shaped as admin-opportunities.json stores one. */
export function generatedOpportunity(index: number): JsonObject {
  return {
    id: generatedAssetId(index),
    contractAddress: `0x${index.toString(16).padStart(40, '0')}`,
    type: 'investment',
    title: `Asset ${index}`,
    description: `Opportunity number ${index}`,
    category: 'Real Estate',
    status: 'active',
    createdAt: new Date(Date.UTC(2025, 0, 1) + index * 60_000).toISOString(),
    tokenSymbol: 'AST',
    tokenPrice: 10.5,
    maxSupply: 1000,
    totalInvested: 0,
    investorCount: 0,
    interestedCount: 0,
  };
}

/** Writes `<dir>/admin-opportunities.json` (wrapped, two-space indent) with `count` generated opportunities, then `extra`. */
export function writeGeneratedOpportunities(dir: string, count: number, extra: JsonObject[] = []): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'admin-opportunities.json');
  const opportunities = [...Array.from({ length: count }, (_, index) => generatedOpportunity(index)), ...extra];
  writeFileSync(file, `${JSON.stringify({ opportunities }, null, 2)}\n`);
  return file;
}

/** Imports `<dir>/admin-opportunities.json` alone, as the migration does, with its backups and KYC storage below `root`. */
export async function importGeneratedOpportunities(
  em: EntityManager,
  { root, dir, context }: { root: string; dir: string; context: AuditContext },
): Promise<void> {
  await runImport(em, {
    sourceDir: dir,
    backupDir: path.join(root, 'backups'),
    storageDir: path.join(root, 'kyc'),
    context,
    only: ['admin-opportunities'],
  });
}
