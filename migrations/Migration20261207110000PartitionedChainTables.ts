import { Migration } from '@mikro-orm/migrations';

/** The tables partitioned here (decision 071), with the keys table that keeps their legacy_key unique. */
const TABLES = [
  { table: 'chain_blocks', keys: 'chain_block_keys' },
  { table: 'chain_transactions', keys: 'chain_transaction_keys' },
] as const;

/** Every index the two tables had, re-created on the partitioned parents (PostgreSQL cascades them to each partition). */
const INDEXES = `
  CREATE INDEX chain_blocks_number_idx ON chain_blocks (block_number);
  CREATE INDEX chain_blocks_mined_at_idx ON chain_blocks (mined_at DESC);
  CREATE INDEX chain_blocks_number_id_idx ON chain_blocks (block_number, id);
  CREATE INDEX chain_blocks_block_hash_idx ON chain_blocks (block_hash);
  CREATE INDEX chain_blocks_legacy_key_idx ON chain_blocks (legacy_key);
  CREATE INDEX chain_blocks_mined_at_brin ON chain_blocks USING brin (mined_at);
  CREATE INDEX chain_transactions_tx_hash_idx ON chain_transactions (tx_hash);
  CREATE INDEX chain_transactions_block_idx ON chain_transactions (block_number, transaction_index);
  CREATE INDEX chain_transactions_from_idx ON chain_transactions (lower(from_address));
  CREATE INDEX chain_transactions_to_idx ON chain_transactions (lower(to_address));
  CREATE INDEX chain_transactions_mined_at_idx ON chain_transactions (mined_at DESC);
  CREATE INDEX chain_transactions_block_id_idx ON chain_transactions (block_number, id);
  CREATE INDEX chain_transactions_mined_id_idx ON chain_transactions (mined_at, id);
  CREATE INDEX chain_transactions_tx_type_idx ON chain_transactions (tx_type);
  CREATE INDEX chain_transactions_legacy_key_idx ON chain_transactions (legacy_key);
  CREATE INDEX chain_transactions_mined_at_brin ON chain_transactions USING brin (mined_at);
`;

/**
 * Monthly partitions for chain_blocks and chain_transactions, RANGE on mined_at (decision 071).
 *
 * - A partitioned table's unique keys must hold the partition key, and mined_at may be NULL (a legacy
 *   record without a time stays lossless): so neither `id` nor `legacy_key` can be a constraint of the
 *   parent. `legacy_key` stays unique across partitions through a small keys table (`<x>_keys`, primary
 *   key legacy_key) that statement-level triggers with transition tables keep in step: a duplicate
 *   fails the statement that would have written it. `id` stays gen_random_uuid().
 * - Rows with a NULL or out-of-range time land in the DEFAULT partition; `partitions_ensure` moves
 *   the dated ones into their month (run ahead by the `explorer.partitions` job).
 * - `partition_archives` records each archived month (gzip COPY file, its SHA-256, row count and a
 *   checksum of the rows); `partition_drop_archived` detaches and drops it. Both functions are SECURITY
 *   DEFINER: the app role owns no table and may not run DDL itself.
 * - Row audit triggers fire on the partitions, where TG_TABLE_NAME is the partition: the audit names
 *   the parent instead, so entries keep saying chain_blocks / chain_transactions.
 */
export class Migration20261207110000PartitionedChainTables extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE OR REPLACE FUNCTION audit_row_change() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        old_doc jsonb;
        new_doc jsonb;
        audited_table text := TG_TABLE_NAME;
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN old_doc := to_jsonb(OLD); END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN new_doc := to_jsonb(NEW); END IF;
        -- Compared before redaction, so a change to a secret alone is still an entry.
        IF TG_OP = 'UPDATE' AND (old_doc - TG_ARGV) = (new_doc - TG_ARGV) THEN
          RETURN NULL;
        END IF;
        -- A partition's trigger is the parent's, cloned: the entry names the table the app knows.
        IF (SELECT relispartition FROM pg_class WHERE oid = TG_RELID) THEN
          SELECT p.relname INTO audited_table FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent WHERE i.inhrelid = TG_RELID;
        END IF;
        old_doc := audit_redact(old_doc);
        new_doc := audit_redact(new_doc);
        INSERT INTO audit_trail (table_name, record_id, action, old_values, new_values,
                                 changed_by, actor_label, source, ip_address, user_agent)
        -- record_id is varchar(255); a legacy key or identity hash may be longer (the full value is in the documents).
        VALUES (audited_table, left(coalesce(new_doc ->> 'id', old_doc ->> 'id', new_doc ->> 'key', old_doc ->> 'key',
                                             new_doc ->> 'identity_hash', old_doc ->> 'identity_hash'), 255),
                TG_OP, old_doc, new_doc,
                nullif(current_setting('pend.actor_id', true), '')::uuid,
                nullif(current_setting('pend.actor_label', true), ''),
                coalesce(nullif(current_setting('pend.source', true), ''), 'system'),
                nullif(current_setting('pend.ip', true), '')::inet,
                nullif(current_setting('pend.user_agent', true), ''));
        RETURN NULL;
      END
      $$;

      -- pg_get_indexdef of a partitioned table's index says ON ONLY, which would rebuild the parent's
      -- index alone (invalid, no partition indexed): a bulk load's rebuild must cascade to every partition.
      CREATE OR REPLACE FUNCTION migration_restore_indexes(target regclass) RETURNS integer
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        entry record;
        restored integer := 0;
      BEGIN
        PERFORM set_config('maintenance_work_mem', '256MB', true);
        FOR entry IN DELETE FROM migration_deferred_indexes WHERE table_name = target::text RETURNING definition LOOP
          EXECUTE regexp_replace(entry.definition, ' ON ONLY ', ' ON ');
          restored := restored + 1;
        END LOOP;
        RETURN restored;
      END
      $$;

      -- Keeps <table>_keys equal to the set of legacy_key values of the partitioned table (TG_ARGV[0] names it).
      CREATE FUNCTION partition_keys_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        EXECUTE format('INSERT INTO %I (legacy_key) SELECT legacy_key FROM new_rows', TG_ARGV[0]);
        RETURN NULL;
      END
      $$;
      CREATE FUNCTION partition_keys_delete() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        EXECUTE format('DELETE FROM %I k USING old_rows o WHERE k.legacy_key = o.legacy_key', TG_ARGV[0]);
        RETURN NULL;
      END
      $$;
      CREATE FUNCTION partition_keys_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        -- Only a changed legacy_key touches the keys table (an update that moves a row to another month does not).
        EXECUTE format('DELETE FROM %I k WHERE k.legacy_key IN (SELECT legacy_key FROM old_rows EXCEPT SELECT legacy_key FROM new_rows)', TG_ARGV[0]);
        EXECUTE format('INSERT INTO %I (legacy_key) SELECT legacy_key FROM new_rows EXCEPT SELECT legacy_key FROM old_rows', TG_ARGV[0]);
        RETURN NULL;
      END
      $$;
      CREATE FUNCTION partition_keys_truncate() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        EXECUTE format('TRUNCATE %I', TG_ARGV[0]);
        RETURN NULL;
      END
      $$;

      CREATE TABLE partition_archives (
        id bigserial PRIMARY KEY,
        parent_table text NOT NULL,
        partition_name text NOT NULL,
        range_from timestamptz NOT NULL,
        range_to timestamptz NOT NULL CHECK (range_to > range_from),
        file_path text NOT NULL,
        sha256 char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
        row_count bigint NOT NULL CHECK (row_count >= 0),
        rows_checksum char(32) NOT NULL,
        archived_at timestamptz NOT NULL DEFAULT now(),
        restored_at timestamptz
      );
      -- One archive of a month at a time; a restored one may be archived again later.
      CREATE UNIQUE INDEX partition_archives_current_idx ON partition_archives (partition_name) WHERE restored_at IS NULL;

      -- The name of the month partition of parent holding month_start (UTC): chain_blocks_p2025_01.
      CREATE FUNCTION partition_month_name(parent regclass, month_start timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT parent::text || '_p' || to_char(month_start AT TIME ZONE 'UTC', 'YYYY_MM')
      $$;

      /*
       * Creates the month partitions of parent from the current month to months_ahead months ahead, and one
       * for every month the DEFAULT partition holds dated rows of (moving those rows into it), except months
       * that are archived and not restored (their new rows wait in DEFAULT, so the restore can attach).
       * Returns the partitions created.
       */
      CREATE FUNCTION partitions_ensure(parent regclass, months_ahead integer) RETURNS SETOF text
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
      -- Moving rows between partitions of one table is not a change: no row audit for it (decision 036's
      -- rule: the owner, under pend.bulk_load). A SET clause, so the flag ends with the function.
      SET pend.bulk_load = 'on' AS $$
      DECLARE
        default_partition text := parent::text || '_default';
        month_start timestamptz;
        month_end timestamptz;
        name text;
      BEGIN
        IF months_ahead < 0 OR months_ahead > 120 THEN
          RAISE EXCEPTION 'months_ahead must be between 0 and 120, not %', months_ahead;
        END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_partitioned_table WHERE partrelid = parent) THEN
          RAISE EXCEPTION '% is not partitioned', parent;
        END IF;
        -- One ensure at a time per table; writers are not blocked until a month actually moves.
        PERFORM pg_advisory_xact_lock(hashtext('partitions_ensure'), parent::oid::integer);
        FOR month_start IN
          SELECT m FROM generate_series(date_trunc('month', now(), 'UTC'), date_trunc('month', now(), 'UTC') + make_interval(months => months_ahead), interval '1 month') AS m
          UNION
          SELECT DISTINCT date_trunc('month', mined_at, 'UTC') FROM public.chain_blocks_default WHERE parent = 'chain_blocks'::regclass AND mined_at IS NOT NULL
          UNION
          SELECT DISTINCT date_trunc('month', mined_at, 'UTC') FROM public.chain_transactions_default WHERE parent = 'chain_transactions'::regclass AND mined_at IS NOT NULL
          ORDER BY 1
        LOOP
          name := partition_month_name(parent, month_start);
          CONTINUE WHEN to_regclass(name) IS NOT NULL;
          CONTINUE WHEN EXISTS (SELECT 1 FROM partition_archives a WHERE a.partition_name = name AND a.restored_at IS NULL);
          month_end := month_start + interval '1 month';
          EXECUTE format('CREATE TABLE %I (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name, parent);
          EXECUTE format('WITH moved AS (DELETE FROM %I WHERE mined_at >= %L AND mined_at < %L RETURNING *) INSERT INTO %I SELECT * FROM moved',
                         default_partition, month_start, month_end, name);
          EXECUTE format('ALTER TABLE %s ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', parent, name, month_start, month_end);
          RETURN NEXT name;
        END LOOP;
      END
      $$;

      /*
       * Detaches and drops a month partition that partition_archives records as archived (and not restored),
       * after checking that its rows are still the archived ones (count and checksum). Its keys leave the keys table.
       */
      CREATE FUNCTION partition_drop_archived(archive_id bigint) RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        archive partition_archives;
        keys_table text;
        current_count bigint;
        current_checksum text;
      BEGIN
        SELECT * INTO archive FROM partition_archives WHERE id = archive_id AND restored_at IS NULL;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'no current archive %', archive_id;
        END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = to_regclass(archive.partition_name) AND i.inhparent = to_regclass(archive.parent_table)) THEN
          RAISE EXCEPTION '% is not a partition of %', archive.partition_name, archive.parent_table;
        END IF;
        keys_table := CASE archive.parent_table WHEN 'chain_blocks' THEN 'chain_block_keys' WHEN 'chain_transactions' THEN 'chain_transaction_keys' END;
        IF keys_table IS NULL THEN
          RAISE EXCEPTION '% may not be dropped by an archive', archive.parent_table;
        END IF;
        EXECUTE format('LOCK TABLE %I IN ACCESS EXCLUSIVE MODE', archive.partition_name);
        EXECUTE format('SELECT count(*), md5(coalesce(string_agg(r::text, E''\\n'' ORDER BY r.legacy_key), '''')) FROM %I r', archive.partition_name)
          INTO current_count, current_checksum;
        IF current_count <> archive.row_count OR current_checksum <> archive.rows_checksum THEN
          RAISE EXCEPTION '% changed since it was archived (% rows now, % archived): not dropped', archive.partition_name, current_count, archive.row_count;
        END IF;
        EXECUTE format('DELETE FROM %I k USING %I r WHERE k.legacy_key = r.legacy_key', keys_table, archive.partition_name);
        EXECUTE format('ALTER TABLE %I DETACH PARTITION %I', archive.parent_table, archive.partition_name);
        EXECUTE format('DROP TABLE %I', archive.partition_name);
      END
      $$;
    `);

    for (const { table, keys } of TABLES) {
      this.addSql(`
        ALTER TABLE ${table} RENAME TO ${table}_unpartitioned;
        CREATE TABLE ${table} (LIKE ${table}_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (mined_at);
        CREATE TABLE ${table}_default PARTITION OF ${table} DEFAULT;
        CREATE TABLE ${keys} (legacy_key text PRIMARY KEY);
      `);
    }
    // Existing rows: every month that holds some gets its partition before the copy, so nothing moves twice.
    this.addSql(`
      DO $$
      DECLARE
        entry record;
      BEGIN
        FOR entry IN
          SELECT DISTINCT 'chain_blocks' AS parent, date_trunc('month', mined_at, 'UTC') AS m FROM chain_blocks_unpartitioned WHERE mined_at IS NOT NULL
          UNION
          SELECT DISTINCT 'chain_transactions', date_trunc('month', mined_at, 'UTC') FROM chain_transactions_unpartitioned WHERE mined_at IS NOT NULL
        LOOP
          EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                         partition_month_name(entry.parent::regclass, entry.m), entry.parent, entry.m, entry.m + interval '1 month');
        END LOOP;
      END
      $$;
      INSERT INTO chain_blocks SELECT * FROM chain_blocks_unpartitioned;
      INSERT INTO chain_transactions SELECT * FROM chain_transactions_unpartitioned;
      INSERT INTO chain_block_keys SELECT legacy_key FROM chain_blocks;
      INSERT INTO chain_transaction_keys SELECT legacy_key FROM chain_transactions;
      DROP TABLE chain_blocks_unpartitioned;
      DROP TABLE chain_transactions_unpartitioned;
      ${INDEXES}
      SELECT partitions_ensure('chain_blocks', 3);
      SELECT partitions_ensure('chain_transactions', 3);
    `);
    for (const { table, keys } of TABLES) {
      this.addSql(`
        CREATE TRIGGER ${table}_keys_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows
          FOR EACH STATEMENT EXECUTE FUNCTION partition_keys_insert('${keys}');
        CREATE TRIGGER ${table}_keys_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows
          FOR EACH STATEMENT EXECUTE FUNCTION partition_keys_delete('${keys}');
        CREATE TRIGGER ${table}_keys_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
          FOR EACH STATEMENT EXECUTE FUNCTION partition_keys_update('${keys}');
        CREATE TRIGGER ${table}_keys_truncate AFTER TRUNCATE ON ${table}
          FOR EACH STATEMENT EXECUTE FUNCTION partition_keys_truncate('${keys}');
        SELECT audit_attach('${table}');
      `);
    }
  }
}
