import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { beforeAll, describe, expect, it } from 'vitest';
import { foldSearchText } from '@/lib/list-query/search';
import { useTestOrm } from '@/lib/testing/test-orm';
import { assetAggregatesQuery, findAssetAggregates } from './asset-aggregates';
import { findAssetPage } from './asset.repository';
import { listAssetQuerySchema } from './asset.schemas';

/**
 * Assets of a category of this run's own (the test database is shared), with amounts chosen so every
 * aggregate can be worked out by hand. Days are relative to now, so the "closes within" windows hold.
 */
type Seed = {
  key: string;
  title: string;
  description?: string | null;
  status: 'active' | 'paused' | 'closed' | 'draft';
  statusLegacy?: string;
  type?: 'investment' | 'interest';
  invested: string | null;
  investors: number | null;
  roi: string | null;
  deadlineInDays: number | null;
  softCap?: string | null;
};

const LONG_DESCRIPTION = 'A description long enough to publish: fifty characters or more, as the wizard asks.';
const SEEDS: Seed[] = [
  { key: 'a1', title: 'Siwa Palm Grove', status: 'active', statusLegacy: 'published', invested: '1000.50', investors: 4, roi: '4.5', deadlineInDays: 3 },
  { key: 'a2', title: 'محطة طاقة شمسية في أسوان', status: 'active', invested: '3000.25', investors: 6, roi: '12', deadlineInDays: 13 },
  { key: 'a3', title: 'Red Sea Wind Farm', status: 'active', invested: '6000', investors: 0, roi: '30', deadlineInDays: 40 },
  { key: 'p1', title: 'Paused Olive Press', status: 'paused', statusLegacy: 'inactive', invested: '500', investors: 2, roi: '17.25', deadlineInDays: 5 },
  { key: 'c1', title: 'Closed Gold Vault', status: 'closed', invested: '2500', investors: 5, roi: null, deadlineInDays: -10 },
  { key: 'd1', title: 'Draft complete', status: 'draft', invested: null, investors: null, roi: '8', deadlineInDays: 60 },
  { key: 'd2', title: 'Draft without description', description: 'Too short', status: 'draft', invested: null, investors: null, roi: null, deadlineInDays: 60 },
  {
    key: 'd3',
    title: 'Draft interest without soft cap',
    type: 'interest',
    softCap: null,
    status: 'draft',
    invested: null,
    investors: null,
    roi: null,
    deadlineInDays: null,
  },
];

let orm: MikroORM;
let category: string;
const em = (): EntityManager => orm.em.fork();
const keyOf = (seed: string) => `${category}-${seed}`;

beforeAll(async () => {
  orm = await useTestOrm('owner');
  category = `vitest-agg-${crypto.randomUUID().slice(0, 8)}`;
  await em().transactional(async (tx) => {
    // As the migration owner on the bulk-load path: fixtures, not audited edits.
    await tx.execute(`SET LOCAL pend.bulk_load = on`);
    for (const [index, seed] of SEEDS.entries()) {
      await tx.execute(
        `INSERT INTO assets (legacy_key, legacy_position, legacy_hash, opportunity_id, opportunity_id_is_number, type, title, description, category,
           status, status_legacy, created_at, token_symbol, token_price, minimum_investment, soft_cap, deadline, contact_format, contact_value,
           total_invested, investor_count, expected_roi, min_tier_required, max_supply)
         VALUES (?, ?, md5(?) || md5(?), ?, false, ?, ?, ?, ?, ?, ?, now() - (? * interval '1 minute'), 'AGG', 10, 100, ?,
           CASE WHEN ?::int IS NULL THEN NULL ELSE now() + (?::int * interval '1 day') END, 'email', 'owner@example.com', ?, ?, ?, 1, 1000)`,
        [
          keyOf(seed.key),
          2_000_000_000 + Math.floor(Math.random() * 100_000_000),
          keyOf(seed.key),
          category,
          keyOf(seed.key),
          seed.type ?? 'investment',
          seed.title,
          seed.description === undefined ? LONG_DESCRIPTION : seed.description,
          category,
          seed.status,
          seed.statusLegacy ?? seed.status,
          index,
          seed.softCap === undefined ? '50' : seed.softCap,
          seed.deadlineInDays,
          seed.deadlineInDays,
          seed.invested,
          seed.investors,
          seed.roi,
        ],
      );
    }
  });
});

const query = (params: Record<string, string>) => listAssetQuerySchema.parse({ category, ...params });
const pageKeys = async (params: Record<string, string>) =>
  (await findAssetPage(em(), query(params))).rows.map((row) => row.opportunityId.slice(category.length + 1)).sort();

describe('asset aggregates', () => {
  it('adds up AUM, investors, the average per investor and the ROI figures of the filtered assets, exactly', async () => {
    const aggregates = await findAssetAggregates(em(), query({}));
    expect(aggregates.assets).toBe(8);
    // 1000.50 + 3000.25 + 6000 + 500 + 2500
    expect(aggregates.totalInvested).toBe('13000.75');
    expect(aggregates.investors).toBe(17);
    // 13000.75 / 17 = 764.7500…
    expect(aggregates.averagePerInvestor).toBe('764.75');
    // ROI of 4.5, 12, 30, 17.25, 8 (three assets state none).
    expect(aggregates.roi).toMatchObject({ average: '14.35', min: '4.5', max: '30', withoutRoi: 3 });
    // (4.5×1000.50 + 12×3000.25 + 30×6000 + 17.25×500) / (1000.50 + 3000.25 + 6000 + 500) = 229130.25 / 10500.75
    expect(aggregates.roi.investedWeighted).toBe('21.82');
    expect(aggregates.roi.buckets.map((bucket) => [bucket.label, bucket.assets])).toEqual([
      ['under 5%', 1],
      ['5–10%', 1],
      ['10–15%', 1],
      ['15–20%', 1],
      ['20–30%', 0],
      ['30% and more', 1],
    ]);
    expect(aggregates.byStatus).toEqual([
      { key: 'active', assets: 3, totalInvested: '10000.75', investors: 10 },
      { key: 'draft', assets: 3, totalInvested: '0', investors: 0 },
      { key: 'closed', assets: 1, totalInvested: '2500', investors: 5 },
      { key: 'paused', assets: 1, totalInvested: '500', investors: 2 },
    ]);
    expect(aggregates.byCategory).toEqual([{ key: category, assets: 8, totalInvested: '13000.75', investors: 17 }]);
  });

  it('follows the filter: the figures of status=active,paused equal the same sums over the rows the grid lists', async () => {
    const filtered = query({ status: 'active,paused' });
    const aggregates = await findAssetAggregates(em(), filtered);
    const { rows } = await findAssetPage(em(), filtered);
    expect(rows).toHaveLength(aggregates.assets);
    const invested = rows.reduce((sum, row) => sum + Number(row.totalInvested ?? 0), 0);
    expect(Number(aggregates.totalInvested)).toBeCloseTo(invested, 2);
    expect(aggregates.investors).toBe(rows.reduce((sum, row) => sum + (row.investorCount ?? 0), 0));
    expect(aggregates).toMatchObject({ assets: 4, totalInvested: '10500.75', investors: 12, averagePerInvestor: '875.06' });
  });

  it('follows a search: part of an Arabic word narrows the figures to the asset whose title holds it', async () => {
    const aggregates = await findAssetAggregates(em(), query({ q: 'شمسي' }));
    expect(aggregates).toMatchObject({ assets: 1, totalInvested: '3000.25', investors: 6 });
  });

  it('says there is no average per investor when nobody invested, rather than dividing by zero', async () => {
    const aggregates = await findAssetAggregates(em(), query({ status: 'draft' }));
    expect(aggregates).toMatchObject({ assets: 3, totalInvested: '0', investors: 0, averagePerInvestor: null });
  });

  it('reads the matching rows once: one statement with grouping sets, no per-dimension query', () => {
    const statement = assetAggregatesQuery(query({ status: 'active' }));
    expect(statement.text.match(/FROM assets a/g)).toHaveLength(1);
    expect(statement.text).toContain('GROUP BY 1, 2, 3');
    expect(statement.text).toContain('GROUPING SETS');
  });
});

describe('the asset list query filters the presets need', () => {
  it('closesWithin=14 lists the assets whose deadline is in the next 14 days, and no past or later ones', async () => {
    expect(await pageKeys({ closesWithin: '14' })).toEqual(['a1', 'a2', 'p1']);
    expect(await pageKeys({ closesWithin: '7' })).toEqual(['a1', 'p1']);
    expect(await pageKeys({ closesWithin: '7,14' })).toEqual(['a1', 'a2', 'p1']);
  });

  it('incomplete=true lists the assets missing a field publishing needs (a short description, an interest asset without soft cap, no deadline)', async () => {
    expect(await pageKeys({ status: 'draft', incomplete: 'true' })).toEqual(['d2', 'd3']);
    expect(await pageKeys({ status: 'draft', incomplete: 'false' })).toEqual(['d1']);
  });

  it('a deadline range keeps inclusive UTC days', async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    expect(await pageKeys({ deadline: `${day(-11)}..${day(6)}` })).toEqual(['a1', 'c1', 'p1']);
  });

  it('the "Live" preset (status=active) finds a record stored as "published", and the row keeps that spelling beside its meaning', async () => {
    const { rows } = await findAssetPage(em(), query({ status: 'active' }));
    const published = rows.find((row) => row.opportunityId === keyOf('a1'));
    expect(published).toMatchObject({ status: 'active', statusLegacy: 'published' });
    expect(rows.find((row) => row.opportunityId === keyOf('a2'))?.statusLegacy).toBeNull();
  });
});

describe('asset search', () => {
  it('finds an English word by its start and ranks the title match first', async () => {
    expect(await pageKeys({ q: 'wind' })).toEqual(['a3']);
    expect(await pageKeys({ q: 'pal' })).toEqual(['a1']);
  });

  it('finds part of an Arabic word, from its middle too', async () => {
    // "شمسية" (solar) by its start, and "طاقة" (energy) by its middle letters.
    expect(await pageKeys({ q: 'شمسي' })).toEqual(['a2']);
    expect(await pageKeys({ q: 'اقة' })).toEqual(['a2']);
    expect(await pageKeys({ q: 'أسوان' })).toEqual(['a2']);
  });

  it('folds the spellings Arabic writers mix: bare alef finds hamza, haa finds taa marbuta, diacritics and tatweel are ignored', async () => {
    // Stored: "محطة طاقة شمسية في أسوان".
    expect(await pageKeys({ q: 'اسوان' })).toEqual(['a2']);
    expect(await pageKeys({ q: 'شمسيه' })).toEqual(['a2']);
    expect(await pageKeys({ q: 'طَاقَة' })).toEqual(['a2']);
    expect(await pageKeys({ q: 'طاـقة' })).toEqual(['a2']);
    // Ranked: the folded title match counts as a title match.
    const page = await findAssetPage(em(), query({ q: 'اسوان' }));
    expect(page.rows[0].opportunityId).toBe(keyOf('a2'));
  });

  it('the database folds exactly as the search text is folded in code', async () => {
    const samples = ['أإآٱ ى ة', 'مَدِينَةٌ', 'طـــاقة', 'Palm Siwa', 'ﻻ'];
    for (const sample of samples) {
      const [row] = await em().execute<Array<{ folded: string }>>('SELECT search_fold(?) AS folded', [sample]);
      expect(row.folded, sample).toBe(foldSearchText(sample));
    }
  });
});
