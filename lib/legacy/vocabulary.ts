/**
 * Legacy value sets mapped onto the new schema's vocabularies. A match keeps the legacy spelling
 * next to the new value; writing back uses that spelling for as long as the value is unchanged, so
 * an unchanged row is written back exactly as it was read. A spelling no vocabulary knows maps to
 * null: the row is quarantined and reported, never coerced.
 */
export type VocabularyMatch<Value extends string> = { value: Value; legacy: string };

export type Vocabulary<Value extends string> = {
  values: readonly Value[];
  fromLegacy(legacy: string): VocabularyMatch<Value> | null;
  /** The legacy spelling for `value`: `legacy` while it still maps to `value`, else the spelling the legacy server uses. */
  toLegacy(value: Value, legacy?: string | null): string;
};

// Case, surrounding blanks, apostrophes, spaces and hyphens vary between legacy writers
// ("Under Review", "driver's license", "national-id"); the spelling itself is kept in the match.
function normalize(spelling: string): string {
  return spelling
    .trim()
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[\s-]+/g, '_');
}

function defineVocabulary<const Value extends string>(
  values: readonly Value[],
  spellings: Readonly<Record<string, Value>>,
  legacyDefaults: Readonly<Record<Value, string>>,
): Vocabulary<Value> {
  // A Map, not the record itself: a legacy value such as "constructor" must not find Object.prototype members.
  const bySpelling = new Map(Object.entries(spellings));
  const fromLegacy = (legacy: string): VocabularyMatch<Value> | null => {
    const value = bySpelling.get(normalize(legacy));
    return value ? { value, legacy } : null;
  };
  return {
    values,
    fromLegacy,
    toLegacy: (value, legacy) => (legacy != null && fromLegacy(legacy)?.value === value ? legacy : legacyDefaults[value]),
  };
}

export const KYC_STATUSES = ['pending_review', 'under_review', 'verified', 'rejected'] as const;
export type KycStatus = (typeof KYC_STATUSES)[number];

/** `verificationStatus`: the legacy verify API says `pending`, the migration and admin UI `pending_review`. */
export const kycStatusVocabulary = defineVocabulary(
  KYC_STATUSES,
  {
    pending: 'pending_review',
    pending_review: 'pending_review',
    under_review: 'under_review',
    verified: 'verified',
    rejected: 'rejected',
  },
  { pending_review: 'pending_review', under_review: 'under_review', verified: 'verified', rejected: 'rejected' },
);

export const KYC_DOCUMENT_TYPES = ['national_id', 'passport', 'driver_license', 'utility_bill', 'proof_of_income', 'bank_statement'] as const;
export type KycDocumentType = (typeof KYC_DOCUMENT_TYPES)[number];

/**
 * `documents` keys. The upload API names the ID card `id`, the KYC route `national_id`; both are the
 * Egyptian national ID card. New documents are written with the upload API's short names, which the
 * legacy tier logic (`id` + `utility` required) looks for.
 */
export const kycDocumentTypeVocabulary = defineVocabulary(
  KYC_DOCUMENT_TYPES,
  {
    id: 'national_id',
    id_card: 'national_id',
    national_id: 'national_id',
    passport: 'passport',
    driver_license: 'driver_license',
    drivers_license: 'driver_license',
    driving_license: 'driver_license',
    utility: 'utility_bill',
    utility_bill: 'utility_bill',
    income: 'proof_of_income',
    proof_of_income: 'proof_of_income',
    bank: 'bank_statement',
    bank_statement: 'bank_statement',
  },
  {
    national_id: 'id',
    passport: 'passport',
    driver_license: 'driver_license',
    utility_bill: 'utility',
    proof_of_income: 'income',
    bank_statement: 'bank',
  },
);

export const ASSET_STATUSES = ['active', 'paused', 'closed', 'draft'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

/**
 * Opportunity `status`. `published` is live, `inactive` is stopped but resumable, `Completed` is
 * finished; `approved` passed review but was never published, so it is not live yet.
 */
export const assetStatusVocabulary = defineVocabulary(
  ASSET_STATUSES,
  {
    active: 'active',
    published: 'active',
    paused: 'paused',
    inactive: 'paused',
    closed: 'closed',
    completed: 'closed',
    draft: 'draft',
    approved: 'draft',
  },
  { active: 'active', paused: 'paused', closed: 'closed', draft: 'draft' },
);
