import { z } from 'zod';
import { KYC_DOCUMENT_TYPES, KYC_STATUSES } from '@/lib/legacy/vocabulary';
import { defineListQuery, filters } from '@/lib/list-query/list-query.schemas';

/**
 * The KYC queue's URL query (decision 038), shared by the page, the export and the legacy route.
 * Default order is priority (resubmissions, then high-tier requests) then oldest submission first;
 * the application's row id breaks ties. `view` is the tab: the caller's open cases or the unassigned ones.
 */
export const listKycQuerySchema = defineListQuery({
  sortable: { priority: 'number', submitted: 'date', status: 'text' },
  defaultSort: [
    { column: 'priority', direction: 'desc' },
    { column: 'submitted', direction: 'asc' },
  ],
  filters: {
    view: filters.enum(['mine', 'unassigned']),
    status: filters.enum(KYC_STATUSES),
    submitted: filters.dateRange(),
    documents: filters.enum(KYC_DOCUMENT_TYPES),
    assignee: filters.values(/^[0-9a-f-]{36}$/),
    breached: filters.boolean(),
  },
  columns: ['application', 'status', 'submitted', 'age', 'documents', 'assignee', 'priority'],
  idType: 'uuid',
});
export type ListKycQuery = z.infer<typeof listKycQuerySchema>;

/** An application is addressed by its identity hash (the metadata.json key). */
export const identityHashSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^0x[0-9a-f]{64}$/, 'Not an application id.');

export const KYC_ACCESS_REASONS = ['initial_review', 'resubmission_review', 'quality_check', 'compliance_investigation', 'customer_request'] as const;
export type KycAccessReason = (typeof KYC_ACCESS_REASONS)[number];
export const KYC_ACCESS_REASON_LABELS: Record<KycAccessReason, string> = {
  initial_review: 'Initial review of the application',
  resubmission_review: 'Review of resubmitted documents',
  quality_check: 'Quality check of a decision',
  compliance_investigation: 'Compliance investigation',
  customer_request: 'Applicant’s own request',
};

export const chooseAccessReasonSchema = z.object({
  identityHash: identityHashSchema,
  reason: z.enum(KYC_ACCESS_REASONS, { message: 'Choose why you are opening the documents.' }),
});

export const KYC_REJECTION_CATEGORIES = [
  'document_unreadable',
  'document_expired',
  'document_mismatch',
  'suspected_fraud',
  'incomplete_application',
  'sanctions_or_pep',
] as const;
export type KycRejectionCategory = (typeof KYC_REJECTION_CATEGORIES)[number];
/** What the legacy `rejectionReason` starts with for each category (the legacy server stores one free-text string). */
export const KYC_REJECTION_LABELS: Record<KycRejectionCategory, string> = {
  document_unreadable: 'Document unreadable',
  document_expired: 'Document expired',
  document_mismatch: 'Details do not match',
  suspected_fraud: 'Suspected fraud',
  incomplete_application: 'Incomplete application',
  sanctions_or_pep: 'Sanctions or PEP match',
};

const note = z.string().trim().max(2000, 'Keep it under 2,000 characters.');

/** One decision on one case; the discriminant is the form's `decision` field. */
export const kycDecisionSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve'), identityHash: identityHashSchema, note: note.optional() }),
  z.object({
    decision: z.literal('reject'),
    identityHash: identityHashSchema,
    category: z.enum(KYC_REJECTION_CATEGORIES, { message: 'Choose a reason category.' }),
    note: note.min(1, 'Say what is wrong, for the record and the applicant.'),
  }),
  z.object({
    decision: z.literal('resubmit'),
    identityHash: identityHashSchema,
    documents: z
      .preprocess((value) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value), z.array(z.enum(KYC_DOCUMENT_TYPES)))
      .pipe(z.array(z.enum(KYC_DOCUMENT_TYPES)).min(1, 'Choose at least one document to resubmit.')),
    message: note.min(1, 'Tell the applicant what to send again.'),
  }),
]);
export type KycDecisionInput = z.infer<typeof kycDecisionSchema>;

export const kycNoteSchema = z.object({ identityHash: identityHashSchema, note: note.min(1, 'Write the note first.') });
export const kycCaseSchema = z.object({ identityHash: identityHashSchema });
