'use client';

import { ShieldCheckIcon } from 'lucide-react';
import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { verifyMigrationAction } from './actions';

export function VerifyNowForm({ isJobActive }: { isJobActive: boolean }) {
  const [state, action, pending] = useActionState(verifyMigrationAction, undefined);
  return (
    <form action={action} className="grid justify-items-start gap-2">
      <Button type="submit" disabled={pending || isJobActive}>
        <ShieldCheckIcon aria-hidden />
        {pending ? 'Starting…' : 'Verify now'}
      </Button>
      <FormMessage state={state} />
    </form>
  );
}
