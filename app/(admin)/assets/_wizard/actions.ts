'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction } from '@/lib/action';
import { createAssetFromForm, findAssetRecord, updateAssetFromForm, type AssetConflictField } from '@/lib/assets/asset-editor.service';
import { assetFormPostSchema } from '@/lib/assets/asset-form.schemas';
import { AppError } from '@/lib/errors';
import type { JsonValue } from '@/lib/legacy/canonical-json';
import { invalidateLegacyResponses } from '@/lib/legacy-api/response-cache';

const access = { permission: 'assets:write' } as const;

/** After any asset write: the grid and the page re-render, and the legacy API's cached answers are dropped. */
async function afterWrite(id: string): Promise<void> {
  await invalidateLegacyResponses();
  revalidatePath('/assets');
  revalidatePath(`/assets/${id}`);
}

export const createAssetAction = adminAction<typeof assetFormPostSchema, { id: string }>(
  { ...access, schema: assetFormPostSchema },
  async ({ input, em, audit }) => {
    const { id, key } = await createAssetFromForm(em, input, { context: audit });
    await afterWrite(id);
    return { ok: true, message: `${input.intent === 'publish' ? 'Published' : 'Saved as a draft'}: ${key}.`, data: { id } };
  },
);

const updateAssetFormSchema = z.looseObject({
  id: z.uuid(),
  original: z.string().transform((text, context) => {
    try {
      return z.record(z.string(), z.json()).parse(JSON.parse(text)) as Record<string, JsonValue>;
    } catch {
      context.addIssue({ code: 'custom', message: 'Reload the asset and edit it again.' });
      return z.NEVER;
    }
  }),
});

export type AssetConflict = { fields: AssetConflictField[]; current: Record<string, JsonValue> };

export const updateAssetAction = adminAction<typeof updateAssetFormSchema, { id: string; conflict?: AssetConflict }>(
  { ...access, schema: updateAssetFormSchema },
  async ({ input, em, audit }) => {
    const stored = await findAssetRecord(em, { id: input.id });
    if (!stored) throw new AppError('NOT_FOUND', 'This asset no longer exists.');
    const result = await updateAssetFromForm(em, { key: stored.key, original: input.original, raw: input }, { context: audit });
    if (result.kind === 'conflict') {
      const names = result.fields.map((field) => field.label).join(', ');
      return {
        ok: false,
        message: `Someone else saved this asset while you were editing it (${names}). Nothing was saved.`,
        data: { id: input.id, conflict: result },
      };
    }
    if (result.changed.length === 0) return { ok: true, message: 'Nothing changed.', data: { id: input.id } };
    await afterWrite(input.id);
    return { ok: true, message: `Saved (${result.changed.length} field${result.changed.length === 1 ? '' : 's'} changed).`, data: { id: input.id } };
  },
);
