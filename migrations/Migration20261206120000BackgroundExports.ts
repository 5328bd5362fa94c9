import { Migration } from '@mikro-orm/migrations';

/**
 * Background and scheduled exports (decision 068). An export above the row threshold is queued
 * (`queued` → `running` → `completed` | `failed`) and its file kept in managed storage until it
 * expires (`expired`: the file is gone, the record and its hash stay). `export_schedules` holds the
 * exports that run on a cron in a time zone, as their owner.
 */
export class Migration20261206120000BackgroundExports extends Migration {
  readonly name = 'Migration20261206120000BackgroundExports';

  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE export_schedules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES admin_users (id) ON DELETE CASCADE,
        owner_label varchar(254) NOT NULL,
        name varchar(120) NOT NULL,
        grid varchar(40) NOT NULL,
        saved_view_id uuid,
        params jsonb NOT NULL,
        format varchar(10) NOT NULL,
        cron varchar(120) NOT NULL,
        time_zone varchar(64) NOT NULL,
        reason varchar(500) NOT NULL,
        is_paused boolean NOT NULL DEFAULT false,
        next_run_at timestamptz,
        last_run_at timestamptz,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT export_schedules_format_check CHECK (format IN ('csv', 'xlsx', 'pdf', 'ndjson'))
      );
      CREATE INDEX export_schedules_owner_idx ON export_schedules (owner_id);

      ALTER TABLE export_jobs DROP CONSTRAINT export_jobs_state_check;
      ALTER TABLE export_jobs ADD CONSTRAINT export_jobs_state_check
        CHECK (state IN ('queued', 'running', 'completed', 'failed', 'cancelled', 'expired'));
      ALTER TABLE export_jobs DROP CONSTRAINT export_jobs_completed_has_hash;
      ALTER TABLE export_jobs ADD CONSTRAINT export_jobs_completed_has_hash
        CHECK (state NOT IN ('completed', 'expired') OR (sha256 IS NOT NULL AND row_count IS NOT NULL AND size_bytes IS NOT NULL));
      ALTER TABLE export_jobs
        ADD COLUMN is_background boolean NOT NULL DEFAULT false,
        ADD COLUMN schedule_id uuid REFERENCES export_schedules (id) ON DELETE SET NULL,
        ADD COLUMN expected_rows bigint,
        ADD COLUMN progress_rows bigint NOT NULL DEFAULT 0,
        ADD COLUMN file_path text,
        ADD COLUMN expires_at timestamptz,
        ADD COLUMN queued_at timestamptz;
      CREATE INDEX export_jobs_expires_idx ON export_jobs (expires_at) WHERE state = 'completed' AND expires_at IS NOT NULL;
      CREATE INDEX export_jobs_schedule_idx ON export_jobs (schedule_id, started_at DESC) WHERE schedule_id IS NOT NULL;
    `);
  }
}
