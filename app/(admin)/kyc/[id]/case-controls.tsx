'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useRef, useState } from 'react';
import { toast } from 'sonner';
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { FormField } from '@/components/ui/form-field';
import { FormMessage } from '@/components/ui/form-message';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/native-select';
import { Textarea } from '@/components/ui/textarea';
import { KYC_DOCUMENT_LABELS } from '@/lib/kyc/kyc-labels';
import { KYC_ACCESS_REASONS, KYC_ACCESS_REASON_LABELS } from '@/lib/kyc/kyc.schemas';
import { KYC_DOCUMENT_TYPES, type KycDocumentType } from '@/lib/legacy/vocabulary';
import { addKycNoteAction, chooseAccessReasonAction, claimCaseAction, decideKycCaseAction, releaseCaseAction, renewLeaseAction } from '../actions';
import { RejectionFields } from '../rejection-fields';

const RENEW_EVERY_MS = 5 * 60_000;
/** Signed links last five minutes: the page is re-rendered (fresh links) a little before they run out. */
const REFRESH_LINKS_EVERY_MS = 4 * 60_000;

/** Keeps the reviewer's claim alive and the document links fresh while the case is open in this tab. */
export function LeaseKeeper({ identityHash, holding }: { identityHash: string; holding: boolean }) {
  const router = useRouter();
  const [lost, setLost] = useState<string | null>(null);
  useEffect(() => {
    const refresh = setInterval(() => router.refresh(), REFRESH_LINKS_EVERY_MS);
    if (!holding) return () => clearInterval(refresh);
    const renew = setInterval(() => {
      const form = new FormData();
      form.set('identityHash', identityHash);
      void renewLeaseAction(undefined, form).then((state) => {
        if (!state.ok) setLost(state.message ?? 'Your claim on this case ended.');
      });
    }, RENEW_EVERY_MS);
    return () => {
      clearInterval(refresh);
      clearInterval(renew);
    };
  }, [identityHash, holding, router]);
  return lost ? <FormMessage state={{ ok: false, message: lost }} /> : null;
}

export function ClaimButton({ identityHash, label }: { identityHash: string; label: string }) {
  const [state, action, pending] = useActionState(claimCaseAction, undefined);
  return (
    <form action={action} className="flex flex-col gap-2">
      <input type="hidden" name="identityHash" value={identityHash} />
      <Button type="submit" disabled={pending}>
        {pending ? 'Claiming…' : label}
      </Button>
      {state && !state.ok && <FormMessage state={state} />}
    </form>
  );
}

export function ReleaseButton({ identityHash }: { identityHash: string }) {
  const [state, action, pending] = useActionState(releaseCaseAction, undefined);
  return (
    <form action={action} className="flex flex-col gap-2">
      <input type="hidden" name="identityHash" value={identityHash} />
      <Button type="submit" variant="outline" disabled={pending}>
        {pending ? 'Releasing…' : 'Release to the queue'}
      </Button>
      {state && !state.ok && <FormMessage state={state} />}
    </form>
  );
}

/** The reason asked once per case before any document is shown; every view is logged with it. */
export function AccessReasonForm({ identityHash }: { identityHash: string }) {
  const [state, action, pending] = useActionState(chooseAccessReasonAction, undefined);
  return (
    <form action={action} className="flex flex-wrap items-end gap-3 rounded-lg border bg-card p-4">
      <input type="hidden" name="identityHash" value={identityHash} />
      <FormField
        id="access-reason"
        label="Why are you opening these documents?"
        errors={state?.fieldErrors?.reason}
        hint="Asked once for this case; each view and download is logged with it."
      >
        <NativeSelect name="reason" defaultValue="" className="w-80" required>
          <option value="" disabled>
            Choose a reason
          </option>
          {KYC_ACCESS_REASONS.map((reason) => (
            <option key={reason} value={reason}>
              {KYC_ACCESS_REASON_LABELS[reason]}
            </option>
          ))}
        </NativeSelect>
      </FormField>
      <Button type="submit" disabled={pending}>
        {pending ? 'Saving…' : 'Show documents'}
      </Button>
      <FormMessage state={state && !state.ok ? state : undefined} />
    </form>
  );
}

type Decision = 'approve' | 'reject' | 'resubmit';
const DECISION_LABELS: Record<Decision, string> = { approve: 'Approve', reject: 'Reject', resubmit: 'Request resubmission' };

/** Approve, reject (category and note) or ask for documents again; the choice is confirmed before it is recorded. */
export function DecisionForm({ identityHash, received }: { identityHash: string; received: KycDocumentType[] }) {
  // A decision releases the case, so the page re-renders without this form: the outcome is said in a
  // toast, raised when the action returns, which outlives the form.
  const [state, action, pending] = useActionState(async (previous: Awaited<ReturnType<typeof decideKycCaseAction>> | undefined, formData: FormData) => {
    const result = await decideKycCaseAction(previous, formData);
    if (result?.ok) toast.success(result.message);
    return result;
  }, undefined);
  const [decision, setDecision] = useState<Decision>('approve');
  const [documents, setDocuments] = useState<KycDocumentType[]>([]);
  const [confirming, setConfirming] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const errors = state?.fieldErrors ?? {};
  return (
    <form ref={formRef} action={action} className="grid gap-4" noValidate>
      <input type="hidden" name="identityHash" value={identityHash} />
      <fieldset className="grid gap-2">
        <legend className="mb-1 text-sm font-medium">Decision</legend>
        <div className="flex flex-wrap gap-4">
          {(Object.keys(DECISION_LABELS) as Decision[]).map((value) => (
            <label key={value} className="flex items-center gap-2 text-sm">
              <input type="radio" name="decision" value={value} checked={decision === value} onChange={() => setDecision(value)} className="accent-primary" />
              {DECISION_LABELS[value]}
            </label>
          ))}
        </div>
      </fieldset>
      {decision === 'approve' && (
        <FormField id="approve-note" label="Note (optional)" errors={errors.note}>
          <Textarea name="note" maxLength={2000} />
        </FormField>
      )}
      {decision === 'reject' && (
        <>
          <RejectionFields idPrefix="reject" errors={errors} noteHint="Stored in the legacy record's rejectionReason after the category." />
        </>
      )}
      {decision === 'resubmit' && (
        <>
          <fieldset className="grid gap-2">
            <legend className="mb-1 text-sm font-medium">Documents to send again</legend>
            <input type="hidden" name="documents" value={documents.join(',')} />
            <div className="flex flex-wrap gap-4">
              {KYC_DOCUMENT_TYPES.map((type) => (
                <div key={type} className="flex items-center gap-2">
                  <Checkbox
                    id={`resubmit-${type}`}
                    checked={documents.includes(type)}
                    onCheckedChange={(checked) => setDocuments((current) => (checked ? [...current, type] : current.filter((value) => value !== type)))}
                  />
                  <Label htmlFor={`resubmit-${type}`} className="font-normal">
                    {KYC_DOCUMENT_LABELS[type]}
                    {received.includes(type) ? '' : ' (not received)'}
                  </Label>
                </div>
              ))}
            </div>
            {errors.documents && <p className="text-sm text-destructive">{errors.documents[0]}</p>}
          </fieldset>
          <FormField id="resubmit-message" label="Message to the applicant" errors={errors.message}>
            <Textarea name="message" maxLength={2000} />
          </FormField>
        </>
      )}
      <Button
        type="button"
        className="w-fit"
        disabled={pending}
        onClick={() => setConfirming(true)}
        variant={decision === 'reject' ? 'destructive' : 'default'}
      >
        {pending ? 'Recording…' : `${DECISION_LABELS[decision]}…`}
      </Button>
      <AlertDialog open={confirming} onOpenChange={setConfirming}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>{DECISION_LABELS[decision]} this application?</AlertDialogTitle>
            <AlertDialogDescription>
              The decision is written to the legacy record the platform reads (metadata.json or its mirror) and ends your claim on the case.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel type="button">Cancel</AlertDialogCancel>
            <Button
              type="button"
              variant={decision === 'reject' ? 'destructive' : 'default'}
              onClick={() => {
                setConfirming(false);
                formRef.current?.requestSubmit();
              }}
            >
              {DECISION_LABELS[decision]}
            </Button>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
      <FormMessage state={state} />
    </form>
  );
}

export function NoteForm({ identityHash }: { identityHash: string }) {
  const [state, action, pending] = useActionState(addKycNoteAction, undefined);
  return (
    <form action={action} className="grid gap-2">
      <input type="hidden" name="identityHash" value={identityHash} />
      <FormField
        id="case-note"
        label="Internal note"
        hint="Reviewers and auditors see it; the applicant and the legacy record do not."
        errors={state?.fieldErrors?.note}
      >
        <Textarea name="note" maxLength={2000} />
      </FormField>
      <Button type="submit" variant="outline" className="w-fit" disabled={pending}>
        {pending ? 'Adding…' : 'Add note'}
      </Button>
      <FormMessage state={state} />
    </form>
  );
}
