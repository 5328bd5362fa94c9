import type { KycDocumentType } from '@/lib/legacy/vocabulary';

// Apart from kyc.dto.ts (which masks phones with node:crypto) so client components import them without
// pulling Next's browser polyfill of `crypto` into their bundle (decision 066).
export const KYC_STATUS_LABELS: Record<string, string> = {
  pending_review: 'Pending review',
  under_review: 'Under review',
  verified: 'Verified',
  rejected: 'Rejected',
};

export const KYC_DOCUMENT_LABELS: Record<KycDocumentType, string> = {
  national_id: 'National ID',
  passport: 'Passport',
  driver_license: 'Driver’s license',
  utility_bill: 'Utility bill',
  proof_of_income: 'Proof of income',
  bank_statement: 'Bank statement',
};
