import { describe, expect, it } from 'vitest';
import { defineListQuery, filters } from './list-query.schemas';

const schema = defineListQuery({
  sortable: { seq: 'number' },
  defaultSort: [{ column: 'seq', direction: 'desc' }],
  filters: { table: filters.values(/^[a-z_]{1,50}$/) },
  columns: ['seq', 'table'],
});

describe('values filter (an open set of values, each matching a pattern)', () => {
  it('parses a comma-separated multi-select, deduplicated', () => {
    expect(schema.parse({ table: 'admin_users,assets,admin_users' }).filters.table).toEqual(['admin_users', 'assets']);
  });

  it('refuses a value outside the pattern under the filter’s name', () => {
    const result = schema.safeParse({ table: "admin_users,x'; drop" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(['table', 1]);
  });
});
