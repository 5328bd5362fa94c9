import type { EntityManager } from '@mikro-orm/postgresql';
import type { StorageMode } from '@/lib/settings/storage-mode';

/** Switches the storage mode directly (no cut-over gate): tests of both write paths flip it per case. */
export async function setStorageModeForTest(em: EntityManager, mode: StorageMode): Promise<void> {
  await em.execute(`INSERT INTO app_settings (key, value) VALUES ('storage_mode', ?::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [
    JSON.stringify(mode),
  ]);
}
