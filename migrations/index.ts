import { Migration20261125000000Foundation } from './Migration20261125000000Foundation';

/** Every schema migration in order; names are explicit so bundling or minifying cannot change them. */
export const migrationsList = [
  { name: 'Migration20261125000000Foundation', class: Migration20261125000000Foundation },
];

export const migrationNames = migrationsList.map((migration) => migration.name);
