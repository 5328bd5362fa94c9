import type { GridPreset } from '@/components/data-table/data-table-saved-views';

/** The views the users directory ships with; each is a URL state the list query parses like any link. */
export const USER_GRID_PRESETS: readonly GridPreset[] = [
  { name: 'Pending KYC', state: 'kyc=pending_review,under_review&sort=registered.asc', description: 'Applications waiting for a decision, oldest first' },
  { name: 'High value', state: 'invested=100000..&sort=invested.desc', description: 'Invested 100,000 EGP or more, largest first' },
  {
    name: 'Inactive 90 days',
    state: 'status=active&activity=inactive90&sort=lastActivity.desc',
    description: 'Registered, no transaction in the last 90 days',
  },
  { name: 'Recently registered', state: 'status=active&sort=registered.desc', description: 'Newest registrations first' },
  { name: 'Orphans', state: 'status=not_registered&sort=lastActivity.desc', description: 'Named by other sources, not in wallet-db.json' },
];
