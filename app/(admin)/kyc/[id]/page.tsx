import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ArrowLeftIcon } from 'lucide-react';
import { AccessDenied } from '@/components/ui/access-denied';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { hasPermission } from '@/lib/auth/permissions';
import { signDocumentLink } from '@/lib/kyc/document-links';
import { checkDocumentIntegrity } from '@/lib/kyc/kyc-documents.service';
import { getSlaHours } from '@/lib/kyc/kyc-rules';
import { toKycCaseDto, toKycDocumentDto, toKycEventDto, KYC_DOCUMENT_LABELS } from '@/lib/kyc/kyc.dto';
import { findAccessReason, findKycCase, findKycDocuments, findKycEvents } from '@/lib/kyc/kyc.repository';
import { identityHashSchema, KYC_ACCESS_REASON_LABELS, type KycAccessReason } from '@/lib/kyc/kyc.schemas';
import { loadPage } from '@/lib/page';
import { SlaIndicator, StatusBadge, shortHash } from '../kyc-display';
import { AccessReasonForm, ClaimButton, DecisionForm, LeaseKeeper, NoteForm, ReleaseButton } from './case-controls';
import { DocumentCard } from './document-viewer';
import { Timeline } from './timeline';

export const metadata: Metadata = { title: 'KYC case' };
export const dynamic = 'force-dynamic';

export default async function KycCasePage({ params }: { params: Promise<{ id: string }> }) {
  const parsedId = identityHashSchema.safeParse((await params).id);
  if (!parsedId.success) notFound();
  const identityHash = parsedId.data;
  const page = await loadPage('kyc:read', async ({ em, actor }) => {
    const hours = await getSlaHours(em);
    const row = await findKycCase(em, identityHash);
    if (!row) return null;
    const canReview = hasPermission(actor.role, 'kyc:review');
    const [documents, events, reason] = await Promise.all([
      findKycDocuments(em.fork(), identityHash),
      findKycEvents(em.fork(), identityHash),
      canReview ? findAccessReason(em.fork(), identityHash, actor.id) : Promise.resolve(null),
    ]);
    const documentDtos = await Promise.all(
      documents.map(async (document) => {
        const integrity = await checkDocumentIntegrity(document);
        // Links are signed only for a reviewer who chose a reason; others see the record, never the file.
        const links =
          canReview && reason
            ? {
                viewUrl: signDocumentLink({ documentId: document.id, viewerId: actor.id }),
                downloadUrl: signDocumentLink({ documentId: document.id, viewerId: actor.id, disposition: 'attachment' }),
              }
            : null;
        return toKycDocumentDto(document, integrity, links);
      }),
    );
    return {
      application: toKycCaseDto(row, hours),
      holderIsMe: row.case_assignee_id === actor.id,
      documents: documentDtos,
      events: events.map(toKycEventDto),
      reason: reason as KycAccessReason | null,
      canReview,
    };
  });
  if (!page.allowed) return <AccessDenied message={page.message} />;
  if (!page.data) notFound();
  const { application, holderIsMe, documents, events, reason, canReview } = page.data;
  const open = application.status === 'pending_review' || application.status === 'under_review';
  const heldByOther = !holderIsMe && application.assigneeId !== null;

  return (
    <div className="flex flex-col gap-2">
      <Button asChild variant="ghost" size="sm" className="w-fit">
        <Link href="/kyc">
          <ArrowLeftIcon aria-hidden /> Queue
        </Link>
      </Button>
      <PageHeader
        crumb={`Case ${shortHash(application.identityHash)}`}
        title={
          <span className="flex flex-wrap items-center gap-3">
            KYC case <span className="font-mono text-xl">{shortHash(application.identityHash)}</span>
          </span>
        }
        description={<span className="font-mono text-xs break-all">{application.identityHash}</span>}
        actions={
          canReview && open ? (
            holderIsMe ? (
              <ReleaseButton identityHash={application.identityHash} />
            ) : (
              <ClaimButton identityHash={application.identityHash} label={heldByOther ? 'Claim (held by another reviewer)' : 'Claim this case'} />
            )
          ) : undefined
        }
      />
      {canReview && <LeaseKeeper identityHash={application.identityHash} holding={holderIsMe && open} />}

      <dl className="grid grid-cols-2 gap-4 rounded-lg border bg-card p-4 text-sm md:grid-cols-4" data-testid="kyc-case-summary">
        <div className="grid gap-1">
          <dt className="text-muted-foreground">Status</dt>
          <dd>
            <StatusBadge status={application.status} legacy={application.statusLegacy} />
          </dd>
        </div>
        <div className="grid gap-1">
          <dt className="text-muted-foreground">Age · SLA</dt>
          <dd>
            <SlaIndicator sla={application.sla} />
          </dd>
        </div>
        <div className="grid gap-1">
          <dt className="text-muted-foreground">Claim</dt>
          <dd data-testid="kyc-claim-state">
            {holderIsMe
              ? `Yours until ${application.leaseExpiresAt?.slice(11, 16) ?? '—'} UTC (renewed while open)`
              : application.assigneeName
                ? `Held by ${application.assigneeName}`
                : 'Unclaimed'}
          </dd>
        </div>
        <div className="grid gap-1">
          <dt className="text-muted-foreground">Phone</dt>
          <dd>{application.phoneMasked ?? 'no phone on file'}</dd>
        </div>
        <div className="grid gap-1">
          <dt className="text-muted-foreground">Wallet</dt>
          <dd className="font-mono text-xs break-all">{application.walletAddress ?? '—'}</dd>
        </div>
        <div className="grid gap-1">
          <dt className="text-muted-foreground">Tier now · requested</dt>
          <dd>
            {application.currentTier ?? '—'} · {application.requestedTier}
          </dd>
        </div>
        <div className="grid gap-1">
          <dt className="text-muted-foreground">Submitted (UTC)</dt>
          <dd className="font-mono">{application.submittedAt?.replace('T', ' ').slice(0, 16) ?? '—'}</dd>
        </div>
        <div className="grid gap-1">
          <dt className="text-muted-foreground">Documents for tier {application.requestedTier}</dt>
          <dd className="flex flex-wrap gap-1">
            {application.received.map((type) => (
              <Badge key={type} variant="outline">
                {KYC_DOCUMENT_LABELS[type]}
              </Badge>
            ))}
            {application.missing.map((missing) => (
              <Badge key={missing} variant="warning">
                missing {missing.toLowerCase()}
              </Badge>
            ))}
          </dd>
        </div>
        {application.rejectionReason && (
          <div className="col-span-full grid gap-1">
            <dt className="text-muted-foreground">Legacy rejection reason</dt>
            <dd dir="auto">{application.rejectionReason}</dd>
          </div>
        )}
      </dl>

      <Section
        id="documents"
        title="Documents"
        description={
          reason
            ? `Opened for: ${KYC_ACCESS_REASON_LABELS[reason]}. Each view and download is in the audit trail.`
            : 'Files open only through links signed for you, valid five minutes.'
        }
      >
        {!canReview ? (
          <p className="text-sm text-muted-foreground">Your role sees the document records, not the files.</p>
        ) : !reason ? (
          <AccessReasonForm identityHash={application.identityHash} />
        ) : null}
        {documents.length === 0 ? (
          <p className="text-sm text-muted-foreground">This application lists no documents.</p>
        ) : (
          <div className="grid gap-4 lg:grid-cols-2">
            {documents.map((document) => (
              <DocumentCard key={document.id} document={document} />
            ))}
          </div>
        )}
      </Section>

      {canReview && open && (
        <Section id="decision" title="Decision" description={holderIsMe ? undefined : 'Claim the case to decide it.'}>
          {holderIsMe ? (
            <DecisionForm identityHash={application.identityHash} received={application.received} />
          ) : (
            <p className="text-sm text-muted-foreground">{heldByOther ? 'Another reviewer holds this case.' : 'Nobody holds this case yet.'}</p>
          )}
        </Section>
      )}

      <Section id="timeline" title="Timeline" description="Claims, decisions, resubmission requests and notes, oldest first.">
        <Timeline events={events} submittedAt={application.submittedAt} />
        {canReview && <NoteForm identityHash={application.identityHash} />}
      </Section>
    </div>
  );
}
