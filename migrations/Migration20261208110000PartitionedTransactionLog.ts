import { Migration } from '@mikro-orm/migrations';

/** The index names only the partitioned form has: a unique constraint on legacy_key stands in for the first in the plain one. */
const PARTITIONED_ONLY_INDEXES = ['transaction_log_legacy_key_idx', 'transaction_log_occurred_at_brin'];

/** The keys-table triggers only the partitioned form has. */
const KEYS_TRIGGERS = ['transaction_log_keys_insert', 'transaction_log_keys_delete', 'transaction_log_keys_update', 'transaction_log_keys_truncate'];

const sqlList = (names: string[]) => names.map((name) => `'${name}'`).join(', ');

/**
 * Before the table is renamed away: what must be re-created on its successor, read from the catalog so
 * nothing another migration added is forgotten — the views and materialized views reading it (the
 * analytics aggregates) with their indexes and grants, its own indexes, foreign keys, triggers and grants.
 */
const CAPTURE = `
  CREATE TEMP TABLE rebuild_views AS
    SELECT c.oid::regclass::text AS name, c.relkind, c.relispopulated AS populated, regexp_replace(pg_get_viewdef(c.oid), ';\\s*$', '') AS definition, c.relacl AS acl,
           ARRAY(SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid = c.oid) AS indexes
      FROM pg_class c
     WHERE c.oid IN (SELECT r.ev_class FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
                      WHERE d.classid = 'pg_rewrite'::regclass AND d.refobjid = 'transaction_log'::regclass AND r.ev_class <> 'transaction_log'::regclass);
  CREATE TEMP TABLE rebuild_statements (position serial, statement text NOT NULL);
  INSERT INTO rebuild_statements (statement)
    SELECT regexp_replace(pg_get_indexdef(i.indexrelid), ' ON ONLY ', ' ON ')
      FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE i.indrelid = 'transaction_log'::regclass
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid)
       AND c.relname NOT IN (${sqlList(PARTITIONED_ONLY_INDEXES)})
    UNION ALL
    SELECT format('ALTER TABLE transaction_log ADD CONSTRAINT %I %s', conname, pg_get_constraintdef(oid))
      FROM pg_constraint WHERE conrelid = 'transaction_log'::regclass AND contype = 'f'
    UNION ALL
    SELECT pg_get_triggerdef(oid) FROM pg_trigger
     WHERE tgrelid = 'transaction_log'::regclass AND NOT tgisinternal AND tgname NOT IN (${sqlList(KEYS_TRIGGERS)})
    UNION ALL
    SELECT format('GRANT %s ON transaction_log TO %I', a.privilege_type, r.rolname)
      FROM pg_class c, aclexplode(c.relacl) a JOIN pg_roles r ON r.oid = a.grantee
     WHERE c.oid = 'transaction_log'::regclass AND a.grantee <> c.relowner;
  DO $$
  DECLARE
    view record;
  BEGIN
    FOR view IN SELECT name, relkind FROM rebuild_views LOOP
      EXECUTE format('DROP %s %s', CASE view.relkind WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END, view.name);
    END LOOP;
  END
  $$;
  ALTER TABLE transaction_log RENAME TO transaction_log_previous;
`;

/** After the rows are in the successor and the old table is gone: every captured object again, views last (they read the rows). */
const RESTORE = `
  DO $$
  DECLARE
    entry record;
    definition text;
  BEGIN
    FOR entry IN SELECT statement FROM rebuild_statements ORDER BY position LOOP
      EXECUTE entry.statement;
    END LOOP;
    FOR entry IN SELECT * FROM rebuild_views LOOP
      -- A materialized view is filled again only if it was (what it holds is then as of this migration).
      EXECUTE format('CREATE %s %s AS %s %s', CASE entry.relkind WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END, entry.name, entry.definition,
                     CASE WHEN entry.relkind = 'm' AND NOT entry.populated THEN 'WITH NO DATA' ELSE '' END);
      FOREACH definition IN ARRAY entry.indexes LOOP
        EXECUTE definition;
      END LOOP;
      FOR definition IN SELECT format('GRANT %s ON %s TO %I', a.privilege_type, entry.name, r.rolname)
                          FROM aclexplode(entry.acl) a JOIN pg_roles r ON r.oid = a.grantee WHERE r.rolname <> current_user LOOP
        EXECUTE definition;
      END LOOP;
    END LOOP;
  END
  $$;
  DROP TABLE rebuild_views, rebuild_statements;
`;

/**
 * The transaction log partitioned by month on occurred_at, the recipe of decision 071 (decision 077).
 *
 * The populated table is converted in place: its rows are copied into the partitioned successor (every
 * month that holds rows gets its partition first, rows without a time go to DEFAULT), then its indexes,
 * identity foreign key, audit and user-directory triggers and grants are re-created on the parent from
 * what the catalog held, and the analytics materialized views that read it are re-created and refilled.
 * `legacy_key` stays unique through `transaction_log_keys`, kept by statement triggers as for the chain
 * tables. `partitions_ensure` now reads the partition column from the catalog, and
 * `partition_drop_archived` knows the log's keys table, refuses a month younger than its 7-year
 * retention whoever calls it, and refreshes the user directory's sums of the identities a dropped month held.
 */
export class Migration20261208110000PartitionedTransactionLog extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE OR REPLACE FUNCTION partitions_ensure(parent regclass, months_ahead integer) RETURNS SETOF text
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
      -- Moving rows between partitions of one table is not a change: no row audit for it (decision 036's
      -- rule: the owner, under pend.bulk_load). A SET clause, so the flag ends with the function.
      SET pend.bulk_load = 'on' AS $$
      DECLARE
        default_partition text := parent::text || '_default';
        time_column name;
        month_start timestamptz;
        month_end timestamptz;
        name text;
      BEGIN
        IF months_ahead < 0 OR months_ahead > 120 THEN
          RAISE EXCEPTION 'months_ahead must be between 0 and 120, not %', months_ahead;
        END IF;
        SELECT a.attname INTO time_column
          FROM pg_partitioned_table p JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
         WHERE p.partrelid = parent;
        IF NOT FOUND THEN
          RAISE EXCEPTION '% is not partitioned', parent;
        END IF;
        -- One ensure at a time per table; writers are not blocked until a month actually moves.
        PERFORM pg_advisory_xact_lock(hashtext('partitions_ensure'), parent::oid::integer);
        FOR month_start IN EXECUTE format(
          'SELECT m FROM generate_series(date_trunc(''month'', now(), ''UTC''), date_trunc(''month'', now(), ''UTC'') + make_interval(months => %s), interval ''1 month'') AS m
           UNION
           SELECT DISTINCT date_trunc(''month'', %I, ''UTC'') FROM %I WHERE %I IS NOT NULL
           ORDER BY 1', months_ahead, time_column, default_partition, time_column)
        LOOP
          name := partition_month_name(parent, month_start);
          CONTINUE WHEN to_regclass(name) IS NOT NULL;
          CONTINUE WHEN EXISTS (SELECT 1 FROM partition_archives a WHERE a.partition_name = name AND a.restored_at IS NULL);
          month_end := month_start + interval '1 month';
          EXECUTE format('CREATE TABLE %I (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name, parent);
          EXECUTE format('WITH moved AS (DELETE FROM %I WHERE %I >= %L AND %I < %L RETURNING *) INSERT INTO %I SELECT * FROM moved',
                         default_partition, time_column, month_start, time_column, month_end, name);
          EXECUTE format('ALTER TABLE %s ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', parent, name, month_start, month_end);
          RETURN NEXT name;
        END LOOP;
      END
      $$;

      CREATE OR REPLACE FUNCTION partition_drop_archived(archive_id bigint) RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        archive partition_archives;
        keys_table text;
        current_count bigint;
        current_checksum text;
        identity_hashes text[];
      BEGIN
        SELECT * INTO archive FROM partition_archives WHERE id = archive_id AND restored_at IS NULL;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'no current archive %', archive_id;
        END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = to_regclass(archive.partition_name) AND i.inhparent = to_regclass(archive.parent_table)) THEN
          RAISE EXCEPTION '% is not a partition of %', archive.partition_name, archive.parent_table;
        END IF;
        keys_table := CASE archive.parent_table
                        WHEN 'chain_blocks' THEN 'chain_block_keys'
                        WHEN 'chain_transactions' THEN 'chain_transaction_keys'
                        WHEN 'transaction_log' THEN 'transaction_log_keys' END;
        IF keys_table IS NULL THEN
          RAISE EXCEPTION '% may not be dropped by an archive', archive.parent_table;
        END IF;
        -- Compliance data (requirements §8): the same 7-year floor as MINIMUM_RETENTION_MONTHS, here too.
        IF archive.parent_table = 'transaction_log' AND archive.range_to > date_trunc('month', now(), 'UTC') - interval '84 months' THEN
          RAISE EXCEPTION '% is younger than the transaction log''s 7-year retention: not dropped', archive.partition_name;
        END IF;
        EXECUTE format('LOCK TABLE %I IN ACCESS EXCLUSIVE MODE', archive.partition_name);
        EXECUTE format('SELECT count(*), md5(coalesce(string_agg(r::text, E''\\n'' ORDER BY r.legacy_key), '''')) FROM %I r', archive.partition_name)
          INTO current_count, current_checksum;
        IF current_count <> archive.row_count OR current_checksum <> archive.rows_checksum THEN
          RAISE EXCEPTION '% changed since it was archived (% rows now, % archived): not dropped', archive.partition_name, current_count, archive.row_count;
        END IF;
        IF archive.parent_table = 'transaction_log' THEN
          EXECUTE format('SELECT ARRAY(SELECT DISTINCT identity_hash FROM %I WHERE identity_hash IS NOT NULL)', archive.partition_name) INTO identity_hashes;
        END IF;
        EXECUTE format('DELETE FROM %I k USING %I r WHERE k.legacy_key = r.legacy_key', keys_table, archive.partition_name);
        EXECUTE format('ALTER TABLE %I DETACH PARTITION %I', archive.parent_table, archive.partition_name);
        EXECUTE format('DROP TABLE %I', archive.partition_name);
        -- Dropping a partition fires no trigger: the directory's sums of the log follow here (decision 053).
        IF identity_hashes IS NOT NULL THEN
          PERFORM user_directory_refresh(identity_hashes);
        END IF;
      END
      $$;
    `);
    this.addSql(`
      ${CAPTURE}
      CREATE TABLE transaction_log (LIKE transaction_log_previous INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE) PARTITION BY RANGE (occurred_at);
      CREATE TABLE transaction_log_default PARTITION OF transaction_log DEFAULT;
      CREATE TABLE transaction_log_keys (legacy_key text PRIMARY KEY);
      -- Every month that holds rows gets its partition before the copy, so nothing moves twice.
      DO $$
      DECLARE
        month_start timestamptz;
      BEGIN
        FOR month_start IN SELECT DISTINCT date_trunc('month', occurred_at, 'UTC') FROM transaction_log_previous WHERE occurred_at IS NOT NULL LOOP
          EXECUTE format('CREATE TABLE %I PARTITION OF transaction_log FOR VALUES FROM (%L) TO (%L)',
                         partition_month_name('transaction_log', month_start), month_start, month_start + interval '1 month');
        END LOOP;
      END
      $$;
      INSERT INTO transaction_log SELECT * FROM transaction_log_previous;
      INSERT INTO transaction_log_keys SELECT legacy_key FROM transaction_log;
      DROP TABLE transaction_log_previous;
      CREATE INDEX transaction_log_legacy_key_idx ON transaction_log (legacy_key);
      CREATE INDEX transaction_log_occurred_at_brin ON transaction_log USING brin (occurred_at);
      CREATE TRIGGER transaction_log_keys_insert AFTER INSERT ON transaction_log REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION partition_keys_insert('transaction_log_keys');
      CREATE TRIGGER transaction_log_keys_delete AFTER DELETE ON transaction_log REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION partition_keys_delete('transaction_log_keys');
      CREATE TRIGGER transaction_log_keys_update AFTER UPDATE ON transaction_log REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION partition_keys_update('transaction_log_keys');
      CREATE TRIGGER transaction_log_keys_truncate AFTER TRUNCATE ON transaction_log
        FOR EACH STATEMENT EXECUTE FUNCTION partition_keys_truncate('transaction_log_keys');
      ${RESTORE}
      SELECT partitions_ensure('transaction_log', 3);
    `);
  }

  /**
   * Back to one plain table with its primary key and unique legacy_key, rows, views and grants kept (the
   * functions stay generic). Refused while a month is archived and not restored: its rows are only in the file.
   */
  override async down(): Promise<void> {
    this.addSql(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM partition_archives WHERE parent_table = 'transaction_log' AND restored_at IS NULL) THEN
          RAISE EXCEPTION 'transaction_log has archived months: restore them (npm run explorer:restore-partition) before this migration is reverted';
        END IF;
      END
      $$;
      ${CAPTURE}
      CREATE TABLE transaction_log (LIKE transaction_log_previous INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE);
      INSERT INTO transaction_log SELECT * FROM transaction_log_previous;
      DROP TABLE transaction_log_previous, transaction_log_keys;
      ALTER TABLE transaction_log ADD PRIMARY KEY (id), ADD CONSTRAINT transaction_log_legacy_key_key UNIQUE (legacy_key);
      ${RESTORE}
    `);
  }
}
