'use client';

import { PackageIcon } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FieldError } from '@/components/ui/field-error';
import { Label } from '@/components/ui/label';
import { Textarea } from '@/components/ui/textarea';
import { ACCESS_REASON_MAX, ACCESS_REASON_MIN } from '@/lib/users/user-page.schemas';

/**
 * Downloads the person's GDPR data package (decision 072) after asking why: the server records the
 * reason in the audit trail and on this user's access log before it sends the zip.
 */
export function DataPackageButton({ identityId }: { identityId: string }) {
  const fieldId = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string[] | undefined>();
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const text = reason.trim();
    if (text.length < ACCESS_REASON_MIN) return setError([`Say why, in at least ${ACCESS_REASON_MIN} characters; it is kept with the access.`]);
    setPending(true);
    try {
      const response = await fetch(`/users/${identityId}/data-package`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ reason: text }),
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: string } | null;
        setError([body?.error ?? 'The data package could not be made.']);
        return;
      }
      const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'user-data.zip';
      const link = document.createElement('a');
      link.href = URL.createObjectURL(await response.blob());
      link.download = name;
      link.click();
      URL.revokeObjectURL(link.href);
      toast.success('Data package downloaded; the access is recorded.');
      setOpen(false);
      setReason('');
      setError(undefined);
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <Button type="button" variant="outline" onClick={() => setOpen(true)}>
        <PackageIcon aria-hidden /> Data package
      </Button>
      <Dialog open={open} onOpenChange={(next) => !pending && setOpen(next)}>
        <DialogContent>
          <form onSubmit={(event) => void submit(event)} className="flex flex-col gap-4" noValidate>
            <DialogHeader>
              <DialogTitle>Download this user’s data package?</DialogTitle>
              <DialogDescription>
                Everything held about this person (records, wallets, KYC applications and document files, transactions, consents, audit entries, access log) as
                JSON and files in a zip, with the phone number in clear. Your name, the time and your reason are kept in the audit trail and in this user’s
                access log.
              </DialogDescription>
            </DialogHeader>
            <div className="flex flex-col gap-2">
              <Label htmlFor={fieldId}>Reason (e.g. the data subject’s request reference)</Label>
              <Textarea
                id={fieldId}
                value={reason}
                maxLength={ACCESS_REASON_MAX}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${fieldId}-error` : undefined}
                onChange={(event) => setReason(event.target.value)}
              />
              <FieldError id={`${fieldId}-error`} errors={error} />
            </div>
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => setOpen(false)} disabled={pending}>
                Cancel
              </Button>
              <Button type="submit" disabled={pending}>
                {pending ? 'Preparing…' : 'Download zip'}
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
    </>
  );
}
