import type { z } from 'zod';
import { KYC_STATUSES } from '@/lib/legacy/vocabulary';
import { defineListQuery, filters } from '@/lib/list-query/list-query.schemas';
import { ACCOUNT_STATUSES } from './account-statuses';

export const USER_TIERS = ['0', '1', '2', '3', '4', '5'] as const;
export const USER_KYC_STATUSES = [...KYC_STATUSES, 'not_submitted'] as const;
/**
 * A registered identity's status is the identity map's (`ACCOUNT_STATUSES`, decision 054); one only
 * other sources name (an orphan the migration reported) is `not_registered`.
 */
export const USER_ACCOUNT_STATUSES = [...ACCOUNT_STATUSES, 'not_registered'] as const;
/**
 * Investment activity: `none` never invested, `invested` invested at least once; `activeN` any logged
 * transaction in the last N days, `inactive90` none in the last 90 days (never active included).
 * Relative to the moment the query runs, so a saved view never goes stale.
 */
export const USER_ACTIVITY = ['none', 'invested', 'active7', 'active30', 'active90', 'inactive90'] as const;

/**
 * The users directory's URL query (`/users`), shared by the page, its export and its analytics: one row
 * per identity any legacy source names, registered or not.
 *
 * `q` finds a user by phone without decrypting one (decision 052: the whole number `+…` through the
 * blind index, the last four digits or the `+country operator` prefix through keyed tokens); by part of
 * a wallet address (any case); or by the start of an identity hash. Four digits alone are a phone's last four.
 */
export const listUserQuerySchema = defineListQuery({
  sortable: {
    phone: 'text',
    wallet: 'text',
    tier: 'number',
    kyc: 'text',
    status: 'text',
    registered: 'date',
    lastActivity: 'date',
    invested: 'number',
    transactions: 'number',
  },
  defaultSort: [{ column: 'registered', direction: 'desc' }],
  filters: {
    tier: filters.enum(USER_TIERS),
    kyc: filters.enum(USER_KYC_STATUSES),
    status: filters.enum(USER_ACCOUNT_STATUSES),
    registered: filters.dateRange(),
    activity: filters.enum(USER_ACTIVITY),
    invested: filters.numberRange(),
  },
  columns: ['phone', 'wallet', 'tier', 'kyc', 'status', 'registered', 'lastActivity', 'invested', 'transactions'],
  idType: 'uuid',
});
export type ListUserQueryInput = z.infer<typeof listUserQuerySchema>;
