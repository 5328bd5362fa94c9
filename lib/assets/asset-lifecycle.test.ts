import { describe, expect, it } from 'vitest';
import { allowedTransitions, findTransition, readStatus, transitionAssetSchema, type AssetLifecycleState } from './asset-lifecycle';

const actions = (state: AssetLifecycleState | null) => allowedTransitions(state).map((transition) => transition.action);

describe('asset lifecycle', () => {
  it('allows draft → active → paused ↔ active → closed, and archiving only what is not live', () => {
    expect(actions('draft')).toEqual(['publish', 'archive']);
    expect(actions('active')).toEqual(['pause', 'close']);
    expect(actions('paused')).toEqual(['resume', 'close']);
    expect(actions('closed')).toEqual(['archive']);
    expect(actions('archived')).toEqual([]);
    expect(actions(null)).toEqual([]);
  });

  it('refuses a move the lifecycle does not allow, saying why', () => {
    expect(findTransition('draft', 'paused')).toEqual({ refusal: 'draft assets cannot become paused' });
    expect(findTransition('closed', 'active')).toEqual({ refusal: 'closed assets cannot become active' });
    expect(findTransition('active', 'archived')).toEqual({ refusal: 'active assets cannot become archived' });
    expect(findTransition('paused', 'paused')).toEqual({ refusal: 'already paused' });
    expect(findTransition('archived', 'active')).toEqual({ refusal: 'archived assets are not changed' });
    expect(findTransition(null, 'active')).toEqual({ refusal: 'its stored status is not one the lifecycle knows' });
    expect(findTransition('paused', 'closed')).toMatchObject({ transition: { action: 'close', needsReason: true } });
  });

  it('reads a legacy spelling as stored, with the state it means', () => {
    expect(readStatus({ status: 'Completed' })).toEqual({ stored: 'Completed', state: 'closed', isLegacySpelling: true });
    expect(readStatus({ status: 'published' })).toEqual({ stored: 'published', state: 'active', isLegacySpelling: true });
    expect(readStatus({ status: 'approved' })).toEqual({ stored: 'approved', state: 'draft', isLegacySpelling: true });
    expect(readStatus({ status: 'paused' })).toEqual({ stored: 'paused', state: 'paused', isLegacySpelling: false });
    expect(readStatus({ status: 'on hold' })).toEqual({ stored: 'on hold', state: null, isLegacySpelling: false });
    expect(readStatus({})).toEqual({ stored: null, state: null, isLegacySpelling: false });
  });

  it('reads an archive marker over the status the record keeps', () => {
    expect(readStatus({ status: 'Completed', archivedAt: '2026-12-05T20:00:00.000Z' })).toMatchObject({ stored: 'Completed', state: 'archived' });
  });

  it('needs a typed reason to close or archive, not to pause', () => {
    const base = { id: 'opp_1', loadedStatus: 'active' };
    expect(transitionAssetSchema.safeParse({ ...base, action: 'pause' }).success).toBe(true);
    const missing = transitionAssetSchema.safeParse({ ...base, action: 'close', reason: '  ok ' });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues[0]).toMatchObject({ path: ['reason'], message: expect.stringContaining('at least 5') });
    expect(transitionAssetSchema.safeParse({ ...base, action: 'close', reason: 'Fully funded' }).success).toBe(true);
  });
});
