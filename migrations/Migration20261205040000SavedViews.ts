import { Migration } from '@mikro-orm/migrations';

/**
 * A grid's saved views: a name for a URL state (the list query without its page position), owned by
 * one admin, private or shared with every admin of one role. Each admin has at most one default view
 * per grid (the partial unique index), and names are unique per owner and grid.
 */
export class Migration20261205040000SavedViews extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE saved_views (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES admin_users (id) ON DELETE CASCADE,
        grid varchar(40) NOT NULL CHECK (grid ~ '^[a-z][a-z0-9-]*$'),
        name varchar(80) NOT NULL CHECK (btrim(name) <> ''),
        state text NOT NULL CHECK (length(state) <= 4000),
        shared_with_role varchar(20) CHECK (shared_with_role IN ('super_admin', 'asset_manager', 'kyc_verifier', 'auditor', 'viewer')),
        is_default boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT saved_views_owner_grid_name_unique UNIQUE (owner_id, grid, name)
      );
      CREATE UNIQUE INDEX saved_views_one_default_idx ON saved_views (owner_id, grid) WHERE is_default;
      CREATE INDEX saved_views_shared_idx ON saved_views (grid, shared_with_role) WHERE shared_with_role IS NOT NULL;
    `);
  }
}
