import { Migration20261125000000Foundation } from './Migration20261125000000Foundation';
import { Migration20261125010000MigrationEngine } from './Migration20261125010000MigrationEngine';

/** Every schema migration in order; names are explicit so bundling or minifying cannot change them. */
export const migrationsList = [
  { name: 'Migration20261125000000Foundation', class: Migration20261125000000Foundation },
  { name: 'Migration20261125010000MigrationEngine', class: Migration20261125010000MigrationEngine },
];

export const migrationNames = migrationsList.map((migration) => migration.name);
