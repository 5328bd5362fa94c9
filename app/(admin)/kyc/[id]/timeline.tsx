import type { KycEventDto } from '@/lib/kyc/kyc.dto';
import { KYC_DOCUMENT_LABELS } from '@/lib/kyc/kyc-labels';
import { KYC_REJECTION_LABELS, type KycRejectionCategory } from '@/lib/kyc/kyc.schemas';
import type { KycDocumentType } from '@/lib/legacy/vocabulary';

const KIND_LABELS: Record<KycEventDto['kind'], string> = {
  claimed: 'Claimed',
  released: 'Released to the queue',
  approved: 'Approved',
  rejected: 'Rejected',
  resubmission_requested: 'Resubmission requested',
  reopened_by_upload: 'Review reopened by a new upload',
  note: 'Note',
};

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function detailOf(event: KycEventDto): string | null {
  const { details } = event;
  switch (event.kind) {
    case 'rejected':
      return `${KYC_REJECTION_LABELS[details.category as KycRejectionCategory] ?? 'Rejected'}: ${text(details.note) ?? ''}`;
    case 'resubmission_requested': {
      const documents = Array.isArray(details.documents) ? (details.documents as KycDocumentType[]).map((type) => KYC_DOCUMENT_LABELS[type] ?? type) : [];
      return `${documents.join(', ')}: ${text(details.message) ?? ''}`;
    }
    case 'claimed':
      return details.takenOverFrom ? 'after the previous reviewer’s lease ran out' : null;
    default:
      return text(details.note);
  }
}

/** The case's status timeline from its events, with the legacy submission time first. */
export function Timeline({ events, submittedAt }: { events: KycEventDto[]; submittedAt: string | null }) {
  return (
    <ol className="grid gap-3 border-l pl-4 text-sm" data-testid="kyc-timeline">
      {submittedAt && (
        <li className="grid gap-0.5">
          <span className="font-mono text-xs text-muted-foreground">{submittedAt.replace('T', ' ').slice(0, 16)}</span>
          <span>Last submission or update in the legacy record</span>
        </li>
      )}
      {events.map((event) => (
        <li key={event.id} className="grid gap-0.5">
          <span className="font-mono text-xs text-muted-foreground">
            {event.at.replace('T', ' ').slice(0, 16)} · <span dir="auto">{event.actor ?? 'system'}</span>
          </span>
          <span className="font-medium">{KIND_LABELS[event.kind]}</span>
          {detailOf(event) && (
            <span dir="auto" className="whitespace-pre-wrap text-muted-foreground">
              {detailOf(event)}
            </span>
          )}
        </li>
      ))}
      {events.length === 0 && !submittedAt && <li className="text-muted-foreground">Nothing has happened on this case yet.</li>}
    </ol>
  );
}
