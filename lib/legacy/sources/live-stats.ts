import { z } from 'zod';
import { defineSource } from '../source-adapter';

// poolTVL and nav are strings in the file (decimal text), blockHeight and the counts are numbers.
export const liveStatsSchema = z.looseObject({
  blockHeight: z.number().int().optional(),
  totalWallets: z.number().int().optional(),
  poolTVL: z.string().optional(),
  nav: z.string().optional(),
  activeInvestors: z.number().int().optional(),
  lastUpdated: z.string().optional(),
});

/** `explorer-data/live-stats.json`: one object of derived statistics, the source's single record (key `live-stats`). */
export const liveStatsSource = defineSource({
  id: 'live-stats',
  relativePath: 'explorer-data/live-stats.json',
  layout: { container: 'single', key: 'live-stats' },
  recordSchema: liveStatsSchema,
});
