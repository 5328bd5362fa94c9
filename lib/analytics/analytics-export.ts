import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { SortItem } from '@/lib/list-query/list-query.schemas';
import type { TransactionTypePoint, TrendPoint } from './analytics.dto';
import { findDistributions } from './analytics.repository';
import { GRANULARITIES, trendQuerySchema, type Granularity } from './analytics.schemas';
import { getTrend } from './analytics.service';

/** The columns of the trend grid, in the order of a full export. */
export const TREND_COLUMNS = [
  'bucket',
  'blocks',
  'chainTransactions',
  'chainValueWei',
  'logTransactions',
  'volume',
  'activeWallets',
  'newWallets',
  'newUsers',
  'totalUsers',
  'investments',
  'investedAmount',
  'kycUpdated',
  'kycVerified',
  'kycRejected',
  'newAssets',
  'aumAdded',
  'aum',
] as const satisfies ReadonlyArray<keyof TrendPoint>;
export const TRANSACTION_TYPE_COLUMNS = ['bucket', 'source', 'type', 'transactions', 'volume'] as const satisfies ReadonlyArray<keyof TransactionTypePoint>;
export const DISTRIBUTION_COLUMNS = ['dimension', 'key', 'count'] as const;

type ChartGridQuery = {
  from?: string;
  to?: string;
  granularity: Granularity;
  columns: string[];
  sort: SortItem[];
  filters: Record<string, never>;
  cursor?: string;
  direction: 'next' | 'prev';
  pageSize: number;
};

const fromParams = (input: unknown) => (input instanceof URLSearchParams ? Object.fromEntries(input) : input);

/**
 * The URL of a chart's export: the chart's range and granularity and the columns it draws (`columns`, a
 * comma list of the grid's columns; all when absent). Rows come in bucket order; a chart is never paged.
 */
function chartGridSchema(columns: readonly string[]) {
  const columnList = z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (!text) return [...columns];
      const picked = text.split(',').filter(Boolean);
      const unknown = picked.filter((column) => !columns.includes(column));
      if (unknown.length) ctx.addIssue({ code: 'custom', message: `Unknown columns: ${unknown.join(', ')}.` });
      return picked;
    });
  const schema = z.preprocess(
    fromParams,
    z
      .object({ from: z.string().optional(), to: z.string().optional(), granularity: z.enum(GRANULARITIES).optional(), columns: columnList })
      .transform((input, ctx) => {
        const range = trendQuerySchema.safeParse({ from: input.from, to: input.to, granularity: input.granularity });
        if (!range.success) {
          for (const issue of range.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
          return z.NEVER;
        }
        return {
          ...range.data,
          columns: input.columns,
          sort: [{ column: 'bucket', direction: 'asc' }],
          filters: {},
          direction: 'next',
          pageSize: 1,
        } as ChartGridQuery;
      }),
  );
  return Object.assign(schema, { spec: { columns } });
}

export const trendGridSchema = chartGridSchema(TREND_COLUMNS);
export const transactionTypeGridSchema = chartGridSchema(TRANSACTION_TYPE_COLUMNS);
export const distributionGridSchema = chartGridSchema(DISTRIBUTION_COLUMNS);

export async function findTrendGridPage(em: EntityManager, query: ChartGridQuery) {
  return { rows: (await getTrend(em, query)).points, nextCursor: null };
}

export async function findTransactionTypeGridPage(em: EntityManager, query: ChartGridQuery) {
  return { rows: (await getTrend(em, query)).types, nextCursor: null };
}

export async function findDistributionGridPage(em: EntityManager) {
  const { tiers, kycStatuses } = await findDistributions(em);
  return {
    rows: [...tiers.map((row) => ({ dimension: 'tier', ...row })), ...kycStatuses.map((row) => ({ dimension: 'kyc_status', ...row }))],
    nextCursor: null,
  };
}
