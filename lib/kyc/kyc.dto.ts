import { maskPhone } from '@/lib/crypto';
import { kycDocumentTypeVocabulary, KYC_DOCUMENT_TYPES, type KycDocumentType } from '@/lib/legacy/vocabulary';
import { KYC_DOCUMENT_LABELS } from './kyc-labels';
import { missingDocuments, type SlaHours } from './kyc-rules';
import type { KycCaseRow, KycDocumentRow, KycEventRow, KycQueueRow } from './kyc.repository';

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

export type SlaState = { hours: number; ageHours: number; breached: boolean } | null;

/** One queue row for the grid: the masked phone only, and the identity hash shortened for display. */
export type KycQueueRowDto = {
  id: string;
  identityHash: string;
  phoneMasked: string | null;
  status: string;
  statusLegacy: string | null;
  submittedAt: string | null;
  sla: SlaState;
  received: KycDocumentType[];
  missing: string[];
  requestedTier: number;
  assigneeId: string | null;
  assigneeName: string | null;
  priority: number;
  resubmission: boolean;
};

function slaOf(status: string, submittedAt: string | null, hours: SlaHours, now: number): SlaState {
  if (!submittedAt || (status !== 'pending_review' && status !== 'under_review')) return null;
  const ageHours = (now - Date.parse(submittedAt)) / 3_600_000;
  return { hours: hours[status], ageHours, breached: ageHours > hours[status] };
}

export function toKycQueueRowDto(row: KycQueueRow, hours: SlaHours, now = Date.now()): KycQueueRowDto {
  const submittedAt = iso(row.submitted_at);
  const received = (row.received_types ?? []).filter((type): type is KycDocumentType => (KYC_DOCUMENT_TYPES as readonly string[]).includes(type));
  return {
    id: row.id,
    identityHash: row.identity_hash,
    phoneMasked: row.phone_masked === null ? null : maskPhone(row.phone_masked),
    status: row.status,
    statusLegacy: row.status_legacy,
    submittedAt,
    sla: slaOf(row.status, submittedAt, hours, now),
    received,
    missing: missingDocuments(Number(row.requested_tier), received),
    requestedTier: Number(row.requested_tier),
    assigneeId: row.assignee_id,
    assigneeName: row.assignee_name,
    priority: Number(row.priority),
    resubmission: row.resubmission_requested_at !== null,
  };
}

export type KycCaseDto = KycQueueRowDto & {
  reviewedAt: string | null;
  rejectionReason: string | null;
  walletAddress: string | null;
  currentTier: number | null;
  leaseExpiresAt: string | null;
};

export function toKycCaseDto(row: KycCaseRow, hours: SlaHours, now = Date.now()): KycCaseDto {
  return {
    ...toKycQueueRowDto(row, hours, now),
    reviewedAt: iso(row.reviewed_at),
    rejectionReason: row.rejection_reason,
    walletAddress: row.wallet_address,
    currentTier: row.current_tier === null ? null : Number(row.current_tier),
    leaseExpiresAt: row.assignee_id ? iso(row.lease_expires_at) : null,
  };
}

export type KycDocumentDto = {
  id: string;
  label: string;
  legacyType: string;
  originalFilename: string | null;
  mimeType: string | null;
  recordedSize: number | null;
  storedSize: number | null;
  sha256: string | null;
  uploadedAt: string | null;
  integrity: 'intact' | 'missing' | 'differs';
  integrityDetail: string | null;
  /** Signed for the viewer, valid five minutes; null when there is nothing to show or no reason chosen yet. */
  viewUrl: string | null;
  downloadUrl: string | null;
};

export function toKycDocumentDto(
  row: KycDocumentRow,
  integrity: { state: 'intact' | 'missing' | 'differs'; detail?: string },
  links: { viewUrl: string; downloadUrl: string } | null,
): KycDocumentDto {
  const type = (row.document_type as KycDocumentType | null) ?? kycDocumentTypeVocabulary.fromLegacy(row.doc_type_legacy)?.value;
  return {
    id: row.id,
    label: type ? KYC_DOCUMENT_LABELS[type] : row.doc_type_legacy,
    legacyType: row.doc_type_legacy,
    originalFilename: row.original_filename,
    mimeType: row.mime_type,
    recordedSize: row.legacy_size === null ? null : Number(row.legacy_size),
    storedSize: row.actual_size === null ? null : Number(row.actual_size),
    sha256: row.sha256,
    uploadedAt: iso(row.uploaded_at),
    integrity: integrity.state,
    integrityDetail: integrity.detail ?? null,
    viewUrl: integrity.state === 'intact' ? (links?.viewUrl ?? null) : null,
    downloadUrl: integrity.state === 'intact' ? (links?.downloadUrl ?? null) : null,
  };
}

export type KycEventDto = { id: string; kind: KycEventRow['kind']; actor: string | null; at: string; details: Record<string, unknown> };

export function toKycEventDto(row: KycEventRow): KycEventDto {
  return { id: row.id, kind: row.kind, actor: row.actor_label, at: iso(row.occurred_at)!, details: row.details };
}
