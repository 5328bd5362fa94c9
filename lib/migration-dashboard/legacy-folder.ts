import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { findLatestImportFolder } from './migration-dashboard.repository';

export type LegacyFolder = { dir: string; origin: 'LEGACY_DATA_DIR' | 'latest import' };

/**
 * The folder dashboard runs read: `LEGACY_DATA_DIR` when set, else the folder of the latest import
 * (what PostgreSQL's data came from, so "verify" compares against the same files the CLI imported).
 */
export async function findLegacyFolder(em: EntityManager): Promise<LegacyFolder | null> {
  const configured = env().LEGACY_DATA_DIR;
  if (configured) return { dir: path.resolve(configured), origin: 'LEGACY_DATA_DIR' };
  const latest = await findLatestImportFolder(em);
  return latest ? { dir: latest, origin: 'latest import' } : null;
}

export async function requireLegacyFolder(em: EntityManager): Promise<string> {
  const folder = await findLegacyFolder(em);
  if (!folder) {
    throw new AppError('VALIDATION', 'No legacy data folder is known: set LEGACY_DATA_DIR, or import once with `npm run migrate -- --from DIR`.');
  }
  const info = await stat(folder.dir).catch(() => null);
  if (!info?.isDirectory()) {
    throw new AppError('VALIDATION', `The legacy data folder ${folder.dir} (${folder.origin}) is not a folder on this server.`);
  }
  return folder.dir;
}
