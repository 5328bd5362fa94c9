import { describe, expect, it } from 'vitest';
import { sslOptions } from '@/mikro-orm.config';

describe('sslOptions', () => {
  it('follows the URL sslmode and DATABASE_SSL', () => {
    expect(sslOptions('postgres://h/db', false)).toBeUndefined();
    expect(sslOptions('postgres://h/db?sslmode=require', false)).toEqual({ rejectUnauthorized: false });
    expect(sslOptions('postgres://h/db?sslmode=verify-full', false)).toEqual({ rejectUnauthorized: true });
    expect(sslOptions('postgres://h/db', true)).toEqual({ rejectUnauthorized: true });
  });
});
