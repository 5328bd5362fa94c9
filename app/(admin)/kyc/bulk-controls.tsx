'use client';

import { CheckCheckIcon } from 'lucide-react';
import Link from 'next/link';
import { useActionState, useState } from 'react';
import { toast } from 'sonner';
import type { GridSelection } from '@/components/data-table/use-data-table';
import { ActionResult } from '@/components/ui/action-result';
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionState } from '@/lib/action';
import type { BulkCaseResult, KycProposalDto } from '@/lib/kyc/kyc-bulk';
import { shortHash } from '@/lib/search/search.dto';
import { approveBulkProposalAction, decideInBulkAction, declineBulkProposalAction, type BulkActionData } from './bulk-actions';
import { RejectionFields } from './rejection-fields';
import { formatUtcStamp } from '@/lib/display-time';

const RESULT_LABELS: Record<BulkCaseResult['status'], string> = { applied: 'Applied', skipped: 'Skipped', failed: 'Failed' };

/** The summary and, when the decision was applied, one line per case (what happened and why a case was left out). */
export function BulkOutcome({ state }: { state: ActionState<BulkActionData> | undefined }) {
  if (!state) return null;
  return (
    <div className="grid gap-1">
      <ActionResult state={state} />
      {state.data && (
        <ul className="grid gap-0.5 text-xs" data-testid="kyc-bulk-results" aria-label="Result per case">
          {state.data.results.map((result) => (
            <li key={result.identityHash} data-status={result.status}>
              <span className="font-mono">{result.identityHash.slice(0, 12)}…</span> {RESULT_LABELS[result.status]}
              {result.reason ? ` (${result.reason})` : ''}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Reports a successful outcome in a toast too: the bulk bar (and its inline result) goes when the grid re-renders without the selection. */
function withToast(action: typeof decideInBulkAction) {
  return async (previous: ActionState<BulkActionData> | undefined, formData: FormData) => {
    const state = await action(previous, formData);
    if (state.ok && state.message) toast.success(state.message);
    return state;
  };
}
const decideWithToast = withToast(decideInBulkAction);
const approveWithToast = withToast(approveBulkProposalAction);

/** The bulk bar's decisions on the ticked cases; over the threshold each becomes a proposal for a second reviewer. */
export function BulkDecisions({ selection }: { selection: GridSelection }) {
  if (selection.kind !== 'rows') return <span className="text-sm text-muted-foreground">Tick the cases on this page to decide them in bulk.</span>;
  const identityHashes = selection.ids.join(',');
  const count = selection.ids.length;
  return (
    <div className="flex flex-wrap items-start gap-2">
      <ConfirmAction
        action={decideWithToast}
        fields={{ decision: 'approve', identityHashes }}
        label={`Approve ${count} selected…`}
        title={`Approve ${count} applications?`}
        description="Each is written to the legacy record as verified. Above the bulk threshold this becomes a proposal another reviewer must approve; it pins the SHA-256 of every document now."
        confirmLabel="Approve"
        renderResult={(state) => <BulkOutcome state={state} />}
      />
      <BulkReject identityHashes={identityHashes} count={count} />
    </div>
  );
}

/** Bulk reject: one reason category and note for every ticked case, confirmed in the dialog that asks for them. */
function BulkReject({ identityHashes, count }: { identityHashes: string; count: number }) {
  const [open, setOpen] = useState(false);
  const [state, action, pending] = useActionState(async (previous: ActionState<BulkActionData> | undefined, formData: FormData) => {
    const result = await decideWithToast(previous, formData);
    // A missing reason keeps the dialog open on its field errors; any other outcome is said beside the button.
    if (!result.fieldErrors) setOpen(false);
    return result;
  }, undefined);
  const errors = state?.fieldErrors ?? {};
  return (
    <div className="grid gap-1">
      <AlertDialog open={open} onOpenChange={setOpen}>
        <AlertDialogTrigger asChild>
          <Button type="button" size="sm" variant="outline" className="text-destructive hover:text-destructive">
            Reject {count} selected…
          </Button>
        </AlertDialogTrigger>
        <AlertDialogContent>
          <form action={action} className="grid gap-4" noValidate>
            <AlertDialogHeader>
              <AlertDialogTitle>Reject {count} applications?</AlertDialogTitle>
              <AlertDialogDescription>
                Each legacy record is written as rejected with this reason. Above the bulk threshold this becomes a proposal another reviewer must approve.
              </AlertDialogDescription>
            </AlertDialogHeader>
            <input type="hidden" name="decision" value="reject" />
            <input type="hidden" name="identityHashes" value={identityHashes} />
            <RejectionFields idPrefix="bulk-reject" errors={errors} noteHint="Written to every legacy record after the category." className="w-full" />
            {state && !state.ok && !state.fieldErrors && <FormMessage state={state} />}
            <AlertDialogFooter>
              <AlertDialogCancel type="button">Cancel</AlertDialogCancel>
              <Button type="submit" variant="destructive" disabled={pending}>
                {pending ? 'Working…' : `Reject ${count}`}
              </Button>
            </AlertDialogFooter>
          </form>
        </AlertDialogContent>
      </AlertDialog>
      {!open && <BulkOutcome state={state} />}
    </div>
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
          <li key={proposal.id} className="flex flex-wrap items-start gap-3 text-sm" data-testid="kyc-proposal" data-proposal-id={proposal.id}>
            <span>
              {proposal.decision === 'approve' ? 'Approve' : 'Reject'} {proposal.cases} cases, proposed by <span dir="auto">{proposal.proposedBy}</span>
              {proposal.proposedByMe ? ' (you)' : ''} at {formatUtcStamp(proposal.proposedAt, 'minute')}
              {proposal.reason ? ` — ${proposal.reason}` : ''}
              <details className="mt-1">
                <summary className="cursor-pointer text-muted-foreground">The {proposal.cases} cases it covers</summary>
                <ul className="mt-1 grid gap-0.5 pl-4">
                  {proposal.caseKeys.map((key) => (
                    <li key={key}>
                      <Link className="font-mono text-xs underline" href={`/kyc/${key}`}>
                        {shortHash(key)}
                      </Link>
                    </li>
                  ))}
                </ul>
              </details>
            </span>
            <ConfirmAction
              action={approveWithToast}
              fields={{ proposalId: proposal.id }}
              label="Approve proposal…"
              title="Approve this bulk decision?"
              description="It is applied only if no covered document changed since it was proposed; the results are reported per case."
              confirmLabel="Approve proposal"
              renderResult={(state) => <BulkOutcome state={state} />}
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
