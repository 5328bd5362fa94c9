import { describe, expect, it } from 'vitest';
import { assetStatusVocabulary, kycDocumentTypeVocabulary, kycStatusVocabulary, type Vocabulary } from './vocabulary';

function expectExactRoundTrip<Value extends string>(vocabulary: Vocabulary<Value>, legacy: string, value: Value) {
  const match = vocabulary.fromLegacy(legacy);
  expect(match).toEqual({ value, legacy });
  expect(vocabulary.toLegacy(match!.value, match!.legacy)).toBe(legacy);
}

describe('kycStatusVocabulary', () => {
  it.each([
    ['pending', 'pending_review'],
    ['pending_review', 'pending_review'],
    ['under_review', 'under_review'],
    ['verified', 'verified'],
    ['rejected', 'rejected'],
    ['Under Review', 'under_review'],
    ['Verified', 'verified'],
  ] as const)('maps %j to %s and back exactly', (legacy, value) => expectExactRoundTrip(kycStatusVocabulary, legacy, value));

  it('writes the default spelling once the value changed or when there was no legacy value', () => {
    expect(kycStatusVocabulary.toLegacy('verified', 'pending')).toBe('verified');
    expect(kycStatusVocabulary.toLegacy('pending_review')).toBe('pending_review');
  });

  it('does not guess: unknown spellings are left for quarantine', () => {
    for (const legacy of ['approved', '', 'constructor', '__proto__', 'toString']) expect(kycStatusVocabulary.fromLegacy(legacy)).toBeNull();
  });
});

describe('kycDocumentTypeVocabulary', () => {
  it.each([
    ['id', 'national_id'],
    ['national_id', 'national_id'],
    ['passport', 'passport'],
    ['driver_license', 'driver_license'],
    ["driver's license", 'driver_license'],
    ['utility', 'utility_bill'],
    ['income', 'proof_of_income'],
    ['bank', 'bank_statement'],
  ] as const)('maps %j to %s and back exactly', (legacy, value) => expectExactRoundTrip(kycDocumentTypeVocabulary, legacy, value));

  it('writes new documents with the upload API names the legacy tier logic looks for', () => {
    expect(kycDocumentTypeVocabulary.values.map((value) => kycDocumentTypeVocabulary.toLegacy(value))).toEqual([
      'id',
      'passport',
      'driver_license',
      'utility',
      'income',
      'bank',
    ]);
    expect(kycDocumentTypeVocabulary.toLegacy('national_id', 'national_id')).toBe('national_id');
    expect(kycDocumentTypeVocabulary.fromLegacy('selfie')).toBeNull();
  });
});

describe('assetStatusVocabulary', () => {
  it.each([
    ['active', 'active'],
    ['paused', 'paused'],
    ['closed', 'closed'],
    ['draft', 'draft'],
    ['Completed', 'closed'],
    ['published', 'active'],
    ['approved', 'draft'],
    ['inactive', 'paused'],
  ] as const)('maps %j to %s and back exactly', (legacy, value) => expectExactRoundTrip(assetStatusVocabulary, legacy, value));

  it('writes a changed status in its own spelling', () => {
    expect(assetStatusVocabulary.toLegacy('paused', 'Completed')).toBe('paused');
    expect(assetStatusVocabulary.fromLegacy('bundle')).toBeNull();
  });
});
