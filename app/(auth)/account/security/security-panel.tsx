'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { FormMessage } from '@/components/ui/form-message';
import { Input } from '@/components/ui/input';
import { confirmTotpEnrolmentAction, disableTotpAction, startTotpEnrolmentAction } from './actions';

export function SecurityPanel({ enrolled, recoveryCodesLeft }: { enrolled: boolean; recoveryCodesLeft: number }) {
  const [started, start, starting] = useActionState(startTotpEnrolmentAction, undefined);
  const [confirmed, confirm, confirming] = useActionState(confirmTotpEnrolmentAction, undefined);
  const [disabled, disable, disabling] = useActionState(disableTotpAction, undefined);

  if (confirmed?.ok && confirmed.data) {
    return (
      <div className="grid gap-3" data-testid="recovery-codes">
        <p className="text-sm font-medium">Two-step sign-in is on. Keep these recovery codes somewhere safe: each works once, and they are shown only now.</p>
        <ul className="grid grid-cols-2 gap-1 font-mono text-sm">
          {confirmed.data.recoveryCodes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ul>
      </div>
    );
  }

  if (enrolled && !disabled?.ok) {
    return (
      <form action={disable} className="grid gap-4" noValidate>
        <p className="text-sm" data-testid="mfa-status">
          Two-step sign-in is on ({recoveryCodesLeft} recovery codes left).
        </p>
        {disabled && !disabled.ok && <FormMessage state={disabled} />}
        <FormField id="disable-code" label="Code to turn it off" errors={disabled?.fieldErrors?.code}>
          <Input name="code" autoComplete="one-time-code" required />
        </FormField>
        <Button type="submit" variant="outline" disabled={disabling}>
          Turn off two-step sign-in
        </Button>
      </form>
    );
  }

  if (started?.ok && started.data) {
    return (
      <form action={confirm} className="grid gap-4" noValidate>
        <p className="text-sm">
          Scan this code with your authenticator app (or type the key below, or open the link on your phone), then enter the code it shows.
        </p>
        {/* The SVG is drawn by the qrcode library from the enrolment link: paths only, no text or script. */}
        <div
          role="img"
          aria-label="QR code of the authenticator link"
          className="size-48 rounded-md border bg-white p-2 [&_svg]:size-full"
          data-testid="totp-qr"
          dangerouslySetInnerHTML={{ __html: started.data.qrSvg }}
        />
        <code className="rounded bg-muted p-2 text-sm break-all" data-testid="totp-secret">
          {started.data.secret}
        </code>
        <a href={started.data.uri} className="text-xs break-all underline" data-testid="totp-uri">
          {started.data.uri}
        </a>
        {confirmed && !confirmed.ok && <FormMessage state={confirmed} />}
        <FormField id="enrol-code" label="Code from the app" errors={confirmed?.fieldErrors?.code}>
          <Input name="code" autoComplete="one-time-code" inputMode="numeric" required />
        </FormField>
        <Button type="submit" disabled={confirming}>
          Turn on two-step sign-in
        </Button>
      </form>
    );
  }

  return (
    <form action={start} className="grid gap-4">
      <p className="text-sm" data-testid="mfa-status">
        {disabled?.ok ? disabled.message : 'Two-step sign-in is off.'}
      </p>
      {started && !started.ok && <FormMessage state={started} />}
      <Button type="submit" disabled={starting}>
        Set up an authenticator app
      </Button>
    </form>
  );
}
