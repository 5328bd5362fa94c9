import type { GridPreset } from '@/components/data-table/data-table-saved-views';

/** The views the assets grid ships with; each is a URL state the list query parses like any link. */
export const ASSET_GRID_PRESETS: readonly GridPreset[] = [
  { name: 'Live', state: 'status=active&sort=created.desc', description: 'Active assets, newest first' },
  { name: 'Drafts missing required fields', state: 'status=draft&incomplete=true&sort=created.desc', description: 'Cannot be published yet' },
  {
    name: 'Closing within 14 days',
    state: 'status=active&closesWithin=14&sort=deadline.asc',
    description: 'Live assets whose deadline is in the next 14 days',
  },
];
