'use client';

import { CheckCheckIcon } from 'lucide-react';
import type { GridSelection } from '@/components/data-table/use-data-table';
import { ActionResult } from '@/components/ui/action-result';
import { ConfirmAction } from '@/components/ui/confirm-action';
import type { KycProposalDto } from '@/lib/kyc/kyc-bulk';
import { approveBulkProposalAction, decideInBulkAction, declineBulkProposalAction } from './bulk-actions';

/** Approve the ticked cases; over the threshold this becomes a proposal for a second reviewer. */
export function BulkApprove({ selection }: { selection: GridSelection }) {
  if (selection.kind !== 'rows') return <span className="text-sm text-muted-foreground">Tick the cases on this page to decide them in bulk.</span>;
  return (
    <ConfirmAction
      action={decideInBulkAction}
      fields={{ decision: 'approve', identityHashes: selection.ids.join(',') }}
      label={`Approve ${selection.ids.length} selected…`}
      title={`Approve ${selection.ids.length} applications?`}
      description="Each is written to the legacy record as verified. Above the bulk threshold this becomes a proposal another reviewer must approve; it pins the SHA-256 of every document now."
      confirmLabel="Approve"
    />
  );
}

export function BulkProposals({ proposals }: { proposals: KycProposalDto[] }) {
  if (proposals.length === 0) return null;
  return (
    <section aria-labelledby="proposals-title" className="grid gap-2 rounded-lg border bg-card p-4" data-testid="kyc-proposals">
      <h2 id="proposals-title" className="flex items-center gap-2 font-medium">
        <CheckCheckIcon aria-hidden className="size-4" /> Bulk decisions waiting for a second reviewer
      </h2>
      <ul className="grid gap-3">
        {proposals.map((proposal) => (
          <li key={proposal.id} className="flex flex-wrap items-center gap-3 text-sm" data-testid="kyc-proposal">
            <span>
              {proposal.decision === 'approve' ? 'Approve' : 'Reject'} {proposal.cases} cases, proposed by <span dir="auto">{proposal.proposedBy}</span>
              {proposal.proposedByMe ? ' (you)' : ''} at {proposal.proposedAt.replace('T', ' ').slice(0, 16)} UTC
              {proposal.reason ? ` — ${proposal.reason}` : ''}
            </span>
            <ConfirmAction
              action={approveBulkProposalAction}
              fields={{ proposalId: proposal.id }}
              label="Approve proposal…"
              title="Approve this bulk decision?"
              description="It is applied only if no covered document changed since it was proposed; the results are reported per case."
              confirmLabel="Approve proposal"
              renderResult={(state) => <ActionResult state={state} />}
            />
            <ConfirmAction
              action={declineBulkProposalAction}
              fields={{ proposalId: proposal.id }}
              label={proposal.proposedByMe ? 'Withdraw…' : 'Decline…'}
              title={proposal.proposedByMe ? 'Withdraw your proposal?' : 'Decline this proposal?'}
              description="No case is changed."
              confirmLabel={proposal.proposedByMe ? 'Withdraw' : 'Decline'}
              danger
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
