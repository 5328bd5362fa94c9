import { z } from 'zod';
import { ROLES, type Permission } from '@/lib/auth/permissions';

/** The grids that can save views, each with the permission its page needs (saving or seeing a view needs it too). */
export const SAVED_VIEW_GRID_PERMISSIONS = {
  audit: 'audit:read',
  assets: 'assets:read',
  'migration-sources': 'migration:read',
  'migration-runs': 'migration:read',
  'migration-anomalies': 'migration:read',
  'migration-quarantine': 'migration:read',
  'migration-mismatches': 'migration:read',
  'migration-carried-files': 'migration:read',
  kyc: 'kyc:read',
  users: 'users:read',
} as const satisfies Record<string, Permission>;
export type SavedViewGrid = keyof typeof SAVED_VIEW_GRID_PERMISSIONS;
export const SAVED_VIEW_GRIDS = Object.keys(SAVED_VIEW_GRID_PERMISSIONS) as [SavedViewGrid, ...SavedViewGrid[]];

/** Parameters that say where a page starts, not what the view shows: never saved. */
const POSITION_PARAMS = ['cursor', 'direction'];

const grid = z.enum(SAVED_VIEW_GRIDS, { message: 'Unknown grid.' });
const id = z.uuid({ message: 'Unknown saved view.' });
const name = z.string().trim().min(1, 'Give the view a name.').max(80, 'The name is too long (80 characters at most).');
/** The grid's URL query (`q=…&sort=…`), kept without its page position; the page's own list query parses it when opened. */
const state = z
  .string()
  .max(4000, 'This view is too large to save.')
  .transform((text) => {
    const params = new URLSearchParams(text.replace(/^\?/, ''));
    for (const key of POSITION_PARAMS) params.delete(key);
    params.sort();
    return params.toString();
  });
const sharedWithRole = z
  .union([z.enum(ROLES), z.literal('')], { message: 'Choose a role or keep the view private.' })
  .optional()
  .transform((role) => role || null);
const isDefault = z
  .enum(['true', 'false', 'on'])
  .optional()
  .transform((value) => value === 'true' || value === 'on');

export const createSavedViewSchema = z.object({ grid, name, state, sharedWithRole, isDefault });
export type CreateSavedViewInput = z.infer<typeof createSavedViewSchema>;

export const updateSavedViewSchema = z.object({ id, name, state, sharedWithRole, isDefault });
export type UpdateSavedViewInput = z.infer<typeof updateSavedViewSchema>;

export const deleteSavedViewSchema = z.object({ id });
export type DeleteSavedViewInput = z.infer<typeof deleteSavedViewSchema>;

export const findSavedViewsSchema = z.object({ grid });
export type FindSavedViewsInput = z.infer<typeof findSavedViewsSchema>;
