// Apart from account-status.ts (SQL and canonical JSON, which hash with node:crypto) so the users grid's
// client filter imports the list without Next's browser polyfill of `crypto` (decision 066).
export const ACCOUNT_STATUSES = ['active', 'suspended', 'closed'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];
