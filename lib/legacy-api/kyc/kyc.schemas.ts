import { z } from 'zod';
import { kycDocumentTypeVocabulary } from '@/lib/legacy/vocabulary';
import { phoneNumberSchema, successTrue } from '../common.schemas';
import { readBody } from '../route-spec';

const IDENTITY_HASH = /^0x[0-9a-fA-F]{64}$/;

const documentTypeSchema = z
  .string()
  .trim()
  .refine((type) => kycDocumentTypeVocabulary.fromLegacy(type) !== null, 'Invalid document type: use id, utility, income, bank, passport or driver_license');

/** The legacy upload names the user by phone; the identity hash (its keccak-256) is accepted too. */
export const uploadKycFieldsSchema = z
  .object({
    phoneNumber: phoneNumberSchema.optional(),
    identityHash: z.string().regex(IDENTITY_HASH, 'Invalid identity hash').optional(),
    documentType: documentTypeSchema,
  })
  .refine((fields) => fields.phoneNumber !== undefined || fields.identityHash !== undefined, 'phoneNumber or identityHash is required');

export const phoneParamsSchema = z.object({
  phoneNumber: z
    .string()
    .trim()
    .refine((value) => /^\+?[1-9]\d{6,14}$/.test(value) || IDENTITY_HASH.test(value), 'Invalid phone number'),
});

export const verifyDocumentsSchema = z.object({
  phoneNumber: phoneNumberSchema,
  documentType: documentTypeSchema,
  status: z.enum(['verified', 'rejected', 'pending']),
  reason: z.string().trim().max(500).optional(),
});

const documentEntry = z.looseObject({
  id: z.string().optional(),
  originalName: z.string().optional(),
  path: z.string().optional(),
  size: z.number().optional(),
  mimeType: z.string().optional(),
  uploadedAt: z.string().optional(),
});

export const kycUploadBody = z.object({
  success: successTrue,
  /** Omitted for callers without the admin key unless LEGACY_PUBLIC_IDENTITY=expose (decision 052). */
  identityHash: z.string().optional(),
  documentType: z.string(),
  verificationStatus: z.string(),
  document: documentEntry,
});

export const kycDocumentsBody = readBody({
  success: successTrue,
  /** Omitted for callers without the admin key unless LEGACY_PUBLIC_IDENTITY=expose (decision 052). */
  identityHash: z.string().optional(),
  phoneNumber: z.string().nullable(),
  verificationStatus: z.string().nullable(),
  lastUpdated: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  rejectionReason: z.string().nullable(),
  documents: z.record(z.string(), documentEntry),
});

export const kycVerifyBody = z.object({
  success: successTrue,
  identityHash: z.string(),
  phoneNumber: z.string(),
  documentType: z.string(),
  status: z.string(),
  verifiedAt: z.string().nullable(),
});

export const kycPendingBody = readBody({
  success: successTrue,
  applications: z.array(
    z.object({
      identityHash: z.string(),
      phoneNumber: z.string().nullable(),
      submittedAt: z.string().nullable(),
      status: z.string(),
      documents: z.record(
        z.string(),
        z.object({
          id: z.string().nullable(),
          originalName: z.string().nullable(),
          mimeType: z.string().nullable(),
          size: z.number().nullable(),
          uploadedAt: z.string().nullable(),
        }),
      ),
    }),
  ),
  stats: z.object({ pending: z.number().int(), verified: z.number().int(), rejected: z.number().int(), total: z.number().int() }),
});
