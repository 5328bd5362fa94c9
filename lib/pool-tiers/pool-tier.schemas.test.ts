import { describe, expect, it } from 'vitest';
import { setPoolTierSchema } from './pool-tier.schemas';

const tierError = (minTier: unknown) => {
  const result = setPoolTierSchema.safeParse({ poolId: 'gold-vault', minTier });
  return result.success ? undefined : result.error.issues.map((issue) => issue.message);
};

describe('setPoolTierSchema', () => {
  it('accepts a whole tier from 0 to 5 as posted by the form', () => {
    expect(setPoolTierSchema.parse({ poolId: 'gold-vault', minTier: '0' })).toEqual({ poolId: 'gold-vault', minTier: 0 });
    expect(setPoolTierSchema.parse({ poolId: 'gold-vault', minTier: '5' })).toEqual({ poolId: 'gold-vault', minTier: 5 });
  });

  it('refuses an empty choice instead of reading it as tier 0 (a pool whose legacy value is not a whole number)', () => {
    expect(tierError('')).toEqual(['Choose a tier from 0 to 5.']);
    expect(tierError(undefined)).toEqual(['Choose a tier from 0 to 5.']);
  });

  it('refuses a fraction and a tier out of range', () => {
    expect(tierError('2.5')).toEqual(['Enter a whole tier from 0 to 5.']);
    expect(tierError('6')).toEqual(['Enter a tier from 0 to 5.']);
  });
});
