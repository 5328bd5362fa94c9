import { z } from 'zod';
import { assetStatusVocabulary, type AssetStatus } from '@/lib/legacy/vocabulary';

/**
 * The asset status lifecycle, in one place (decision 046): draft → active → paused ↔ active → closed,
 * and archived. The rules are pure and client-safe: the status control shows what they allow, and the
 * services apply the same rules to the record as stored when they write.
 *
 * "Archived" is not a status the legacy vocabulary knows (a record with one would be quarantined, and
 * the legacy server would not understand it): an archived asset keeps its stored `status` (draft or
 * closed, both not live) and gains an `archivedAt` member, which the import keeps in `extra` and the
 * legacy routes pass through untouched.
 */
export const ASSET_LIFECYCLE_STATES = ['draft', 'active', 'paused', 'closed', 'archived'] as const;
export type AssetLifecycleState = (typeof ASSET_LIFECYCLE_STATES)[number];

/** The legacy record member that marks an asset archived (an ISO timestamp). */
export const ARCHIVED_AT_FIELD = 'archivedAt';

export const TRANSITION_ACTIONS = ['publish', 'pause', 'resume', 'close', 'archive'] as const;
export type TransitionAction = (typeof TRANSITION_ACTIONS)[number];

export type AssetTransition = {
  action: TransitionAction;
  from: readonly AssetLifecycleState[];
  to: AssetLifecycleState;
  label: string;
  /** Closing and archiving end an asset's working life: the admin types why, and the audit keeps it. */
  needsReason: boolean;
  /** What the confirmation says happens. */
  consequence: string;
};

export const ASSET_TRANSITIONS: readonly AssetTransition[] = [
  {
    action: 'publish',
    from: ['draft'],
    to: 'active',
    label: 'Publish',
    needsReason: false,
    consequence: 'The asset goes live: investors can see it and invest.',
  },
  { action: 'pause', from: ['active'], to: 'paused', label: 'Pause', needsReason: false, consequence: 'New investments stop until the asset is resumed.' },
  { action: 'resume', from: ['paused'], to: 'active', label: 'Resume', needsReason: false, consequence: 'The asset is live again and takes investments.' },
  {
    action: 'close',
    from: ['active', 'paused'],
    to: 'closed',
    label: 'Close',
    needsReason: true,
    consequence: 'The asset stops for good: it takes no more investments and cannot be reopened.',
  },
  {
    action: 'archive',
    from: ['draft', 'closed'],
    to: 'archived',
    label: 'Archive',
    needsReason: true,
    consequence: 'The asset is kept for the record and no longer changed by bulk actions; the legacy API still lists it with its status.',
  },
];

export const TRANSITION_REASON_MIN = 5;
export const TRANSITION_REASON_MAX = 500;

/** A typed reason: at least a few words, so the audit says why rather than "ok". */
export const transitionReasonSchema = z
  .string()
  .trim()
  .min(TRANSITION_REASON_MIN, `Say why, in at least ${TRANSITION_REASON_MIN} characters.`)
  .max(TRANSITION_REASON_MAX, `Keep the reason under ${TRANSITION_REASON_MAX} characters.`);

/** How a stored status reads: its spelling, the lifecycle state it means, and whether that spelling is the canonical one. */
export type StatusReading = {
  /** The status exactly as the legacy record stores it (null when absent). */
  stored: string | null;
  /** The lifecycle state it means; null when no vocabulary knows the spelling (such a record is held in quarantine). */
  state: AssetLifecycleState | null;
  /** True when the stored spelling is not the canonical name of its state (`published`, `Completed`, `inactive`, `approved`…). */
  isLegacySpelling: boolean;
};

/** The status members of a legacy record the lifecycle reads. */
export type LifecycleFields = { status?: unknown; archivedAt?: unknown };

export function isArchived(record: LifecycleFields): boolean {
  return typeof record.archivedAt === 'string' && record.archivedAt !== '';
}

/** Reads a record's lifecycle state; an archived marker wins over the stored status it keeps. */
export function readStatus(record: LifecycleFields): StatusReading {
  const stored = typeof record.status === 'string' ? record.status : null;
  const status: AssetStatus | undefined = stored === null ? undefined : assetStatusVocabulary.fromLegacy(stored)?.value;
  const state: AssetLifecycleState | null = status === undefined ? null : isArchived(record) ? 'archived' : status;
  return { stored, state, isLegacySpelling: stored !== null && status !== undefined && stored !== status };
}

export function allowedTransitions(state: AssetLifecycleState | null): AssetTransition[] {
  return state === null ? [] : ASSET_TRANSITIONS.filter((transition) => transition.from.includes(state));
}

export function transitionFor(action: TransitionAction): AssetTransition {
  return ASSET_TRANSITIONS.find((transition) => transition.action === action)!;
}

/** The transition that takes `from` to `to`, or why there is none. */
export function findTransition(from: AssetLifecycleState | null, to: AssetLifecycleState): { transition: AssetTransition } | { refusal: string } {
  if (from === null) return { refusal: 'its stored status is not one the lifecycle knows' };
  if (from === to) return { refusal: `already ${to}` };
  const transition = ASSET_TRANSITIONS.find((candidate) => candidate.to === to && candidate.from.includes(from));
  if (transition) return { transition };
  if (from === 'archived') return { refusal: 'archived assets are not changed' };
  return { refusal: `${from} assets cannot become ${to}` };
}

/** One transition of one asset, from the asset page's status control. */
export const transitionAssetSchema = z
  .object({
    id: z.string().trim().min(1).max(200),
    action: z.enum(TRANSITION_ACTIONS),
    reason: z.string().optional(),
    /** The status and archive marker as the page loaded them: a change since then is a CONFLICT (decision 044). */
    loadedStatus: z.string().max(100),
    loadedArchivedAt: z.string().max(100).optional(),
  })
  .superRefine((input, ctx) => {
    if (!transitionFor(input.action).needsReason) return;
    const reason = transitionReasonSchema.safeParse(input.reason ?? '');
    if (!reason.success) ctx.addIssue({ code: 'custom', path: ['reason'], message: reason.error.issues[0].message });
  });
export type TransitionAssetInput = z.input<typeof transitionAssetSchema>;
