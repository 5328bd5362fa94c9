import { Migration } from '@mikro-orm/migrations';

/**
 * Every export of a grid (decision 049): who took it, why, which grid with which filter, sort and
 * columns, the format, how many rows, and the SHA-256 and size of the file as it left the server, so
 * a copy can be checked later. A row is written when the export starts (state `running`) and completed
 * when its last byte is out; an export that failed or was cancelled says so.
 */
export class Migration20261205214000ExportJobs extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE export_jobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        requested_by uuid REFERENCES admin_users (id) ON DELETE SET NULL,
        requested_by_label varchar(254) NOT NULL,
        grid varchar(40) NOT NULL CHECK (grid ~ '^[a-z][a-z0-9-]*$'),
        format varchar(10) NOT NULL CHECK (format IN ('csv', 'xlsx', 'pdf', 'ndjson')),
        filter jsonb NOT NULL,
        filter_text text NOT NULL,
        sort text NOT NULL,
        columns jsonb NOT NULL,
        has_personal_data boolean NOT NULL DEFAULT false,
        reason varchar(500),
        state varchar(12) NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'completed', 'failed', 'cancelled')),
        row_count bigint,
        size_bytes bigint,
        sha256 char(64) CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        error text,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        CONSTRAINT export_jobs_reason_for_personal_data CHECK (NOT has_personal_data OR reason IS NOT NULL),
        CONSTRAINT export_jobs_completed_has_hash CHECK (state <> 'completed' OR (sha256 IS NOT NULL AND row_count IS NOT NULL AND size_bytes IS NOT NULL))
      );
      CREATE INDEX export_jobs_started_idx ON export_jobs (started_at DESC, id DESC);
      CREATE INDEX export_jobs_requester_idx ON export_jobs (requested_by, started_at DESC, id DESC);
      CREATE INDEX export_jobs_sha256_idx ON export_jobs (sha256) WHERE sha256 IS NOT NULL;
    `);
  }
}
