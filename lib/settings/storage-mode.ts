import type { EntityManager } from '@mikro-orm/postgresql';
import { env } from '@/lib/env';
import { AppSetting } from './app-setting.entity';

export const STORAGE_MODES = ['json-primary', 'pg-primary'] as const;
export type StorageMode = (typeof STORAGE_MODES)[number];

/** Which side is the source of truth: the audited setting once cut-over has happened, else the env default. */
export async function getStorageMode(em: EntityManager): Promise<StorageMode> {
  const setting = await em.findOne(AppSetting, { key: 'storage_mode' });
  const value = setting?.value;
  return STORAGE_MODES.includes(value as StorageMode) ? (value as StorageMode) : env().STORAGE_MODE;
}
