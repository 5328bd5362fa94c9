import type { MikroORM } from '@mikro-orm/postgresql';
import { beforeAll, describe, expect, it } from 'vitest';
import type { JsonValue } from '@/lib/legacy/canonical-json';
import { kycStatusVocabulary } from '@/lib/legacy/vocabulary';
import { useTestOrm } from '@/lib/testing/test-orm';
import { bigint, boolean, decimalString, integer, json, number, phone, text, timestamp, vocabulary, type Codec } from './codecs';
import { withPgClient } from './pg-client';
import { dateOrTimestamp, stringOrIntegerId } from './shared-codecs';

/**
 * Values at the edges of what each codec accepts. Whatever a codec accepts must go into its columns
 * and come back as exactly the same JSON value; what it refuses stays verbatim in `extra`. A value
 * JavaScript accepts and PostgreSQL rejects would otherwise fail the COPY of its whole source.
 */
const EDGES: Array<[string, Codec, JsonValue[]]> = [
  [
    'timestamp',
    timestamp,
    [
      '0000-01-01T00:00:00.000Z',
      '0001-01-01T00:00:00.000Z',
      '0999-12-31T23:59:59.999Z',
      '1969-12-31T23:59:59.999Z',
      '2024-02-29T12:00:00.000Z',
      '2023-02-29T12:00:00.000Z',
      '2026-01-01T24:00:00.000Z',
      '9999-12-31T23:59:59.999Z',
    ],
  ],
  ['dateOrTimestamp', dateOrTimestamp, ['0000-01-01', '0001-01-01', '2024-02-29', '2023-02-29', '9999-12-31', '0000-06-01T00:00:00.000Z']],
  ['integer', integer, [2_147_483_647, -2_147_483_647, -2_147_483_648, 2_147_483_648, 0, -0, 1.5]],
  ['bigint', bigint, [Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 53, -0]],
  ['number', number, [1e308, -1e308, 5e-324, 0.1 + 0.2, 1e21, 123.456, -0, 0]],
  ['decimalString', decimalString, ['0', '-0', '950.0', '-12.500', '340282366920938463463374607431768211456', '1e5', '01', '.5']],
  ['boolean', boolean, [true, false, 'true', 0]],
  ['text', text, ['', 'plain', 'emoji 🪙', 'quote " backslash \\ tab \t newline \n', 'nul \u0000']],
  ['json', json, [{ b: 1, a: [1, { d: null, c: 'x' }] }, [], {}, 'string', 1e21, { '': 0, aa: 1, b: 2 }]],
  ['stringOrIntegerId', stringOrIntegerId, ['opp_1', 42, '42', '', 1.5, Number.MAX_SAFE_INTEGER]],
  ['vocabulary', vocabulary(kycStatusVocabulary), ['pending', 'pending_review', 'under_review', 'verified', 'rejected', 'PENDING', 'unknown']],
  ['phone', phone, ['+201001234567', '0100 123 4567', '', 'x', '+20 100 123 4567 ext. 1234567890 (office, ask for the treasury desk)']],
];

describe('codecs against PostgreSQL', () => {
  let orm: MikroORM;

  beforeAll(async () => {
    orm = await useTestOrm();
  });

  it.each(EDGES)('%s: every value it accepts reads back from its columns as the same value', async (_name, codec, values) => {
    const columns = codec.columns('v');
    await withPgClient(orm.em.fork(), async (client) => {
      await client.query('BEGIN');
      try {
        await client.query(`CREATE TEMP TABLE codec_edges (${columns.map((column) => `${column.name} ${column.sqlType}`).join(', ')}) ON COMMIT DROP`);
        let accepted = 0;
        for (const value of values) {
          const encoded = codec.encode(value);
          if (!encoded) continue;
          accepted += 1;
          await client.query('SAVEPOINT edge');
          const inserted = await client
            .query(`INSERT INTO codec_edges VALUES (${columns.map((column, index) => `$${index + 1}::${column.sqlType}`).join(', ')})`, encoded)
            .then(
              () => null,
              (error: Error) => error.message,
            );
          expect(inserted, `PostgreSQL refused ${JSON.stringify(value)}, which the codec accepted`).toBeNull();
          const { rows } = await client.query<string[]>({
            text: `SELECT ${columns.map((column) => column.select).join(', ')} FROM codec_edges`,
            rowMode: 'array',
          });
          const selected = rows[0].map((cell) => (cell === null ? null : String(cell)));
          expect(codec.decode(selected), `read back ${JSON.stringify(value)}`).toEqual(value);
          // The import's in-memory proof sees the echo, not the database: both must decode alike.
          expect(codec.decode(codec.echo ? codec.echo(encoded) : encoded), `echo of ${JSON.stringify(value)}`).toEqual(codec.decode(selected));
          await client.query('ROLLBACK TO SAVEPOINT edge');
        }
        expect(accepted).toBeGreaterThan(0);
      } finally {
        await client.query('ROLLBACK');
      }
    });
  });
});
