import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Cache } from '@/lib/cache';
import { generateLegacyFolder } from '@/lib/legacy/testing/legacy-gen';
import { runImport } from '@/lib/migration/run-import';
import { useTestOrm } from '@/lib/testing/test-orm';
import { getDashboardKpis, SERIES_MONTHS } from './get-dashboard-kpis';

const noCache = { wrap: (_key: string, _ttl: number, load: () => Promise<unknown>) => load() } as unknown as Cache;
let orm: MikroORM;

beforeAll(async () => {
  orm = await useTestOrm();
  const root = mkdtempSync(path.join(os.tmpdir(), 'pend-kpis-'));
  const { dir } = generateLegacyFolder(root, 'small', 7);
  await runImport(orm.em.fork(), {
    sourceDir: dir,
    backupDir: path.join(root, 'backups'),
    storageDir: path.join(root, 'kyc-storage'),
    context: { source: 'cli', actorLabel: 'vitest' },
  });
}, 120_000);

async function scalar(sql: string): Promise<string> {
  const [row] = await orm.em.fork().execute<Array<{ value: string }>>(sql);
  return String(row.value);
}

describe('getDashboardKpis', () => {
  it('counts users, pending KYC and assets under management exactly as the tables hold them', async () => {
    const kpis = await getDashboardKpis(orm.em.fork(), noCache);
    expect(kpis.users.total).toBe(Number(await scalar(`SELECT count(*) AS value FROM users`)));
    expect(kpis.kyc.pending).toBe(Number(await scalar(`SELECT count(*) AS value FROM kyc_applications WHERE status IN ('pending_review', 'under_review')`)));
    expect(kpis.aum.total).toBe(await scalar(`SELECT sum(total_invested)::text AS value FROM assets`));
    expect(kpis.kyc.byStatus.reduce((sum, row) => sum + row.count, 0)).toBe(Number(await scalar(`SELECT count(*) AS value FROM kyc_applications`)));
  });

  it('gives twelve consecutive months ending at the newest month in the data, with zeros where nothing happened', async () => {
    const kpis = await getDashboardKpis(orm.em.fork(), noCache);
    const months = kpis.users.newPerMonth.map((point) => point.month);
    expect(months).toHaveLength(SERIES_MONTHS);
    expect(months.at(-1)).toBe(await scalar(`SELECT to_char(max(created_at), 'YYYY-MM') AS value FROM wallet_directory`));
    for (let index = 1; index < months.length; index += 1) {
      const [year, month] = months[index - 1].split('-').map(Number);
      expect(months[index]).toBe(month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`);
    }
    const inLastMonth = await scalar(
      `SELECT count(*) AS value FROM wallet_directory WHERE date_trunc('month', created_at) = (SELECT date_trunc('month', max(created_at)) FROM wallet_directory)`,
    );
    expect(kpis.users.newPerMonth.at(-1)!.value).toBe(Number(inLastMonth));
  });

  it('makes the assets-under-management series cumulative, ending at the total', async () => {
    const { aum } = await getDashboardKpis(orm.em.fork(), noCache);
    const values = aum.cumulativePerMonth.map((point) => point.value);
    expect([...values].sort((a, b) => a - b)).toEqual(values);
    expect(values.at(-1)).toBeCloseTo(Number(aum.total), 2);
  });
});
