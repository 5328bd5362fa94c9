import { describe, expect, it } from 'vitest';
import { defineListQuery, filters, scopeSearchParams } from './list-query.schemas';

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

describe('scoped parameters (several grids on one page)', () => {
  it('gives a grid only its own parameters, without the scope', () => {
    const params = new URLSearchParams('runs.sort=seq.asc&runs.table=assets&quarantine.q=x&q=other');
    expect(scopeSearchParams(params, 'runs')).toEqual({ sort: 'seq.asc', table: 'assets' });
    expect(schema.parse(scopeSearchParams({ 'runs.table': 'a,b', table: 'c' }, 'runs')).filters.table).toEqual(['a', 'b']);
  });

  it('keeps a repeated parameter repeated, so the schema still refuses it', () => {
    expect(schema.safeParse(scopeSearchParams(new URLSearchParams('runs.sort=seq.asc&runs.sort=seq.desc'), 'runs')).success).toBe(false);
  });
});
