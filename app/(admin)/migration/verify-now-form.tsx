'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/ui/form-message';
import { verifyMigrationAction } from './actions';

export function VerifyNowForm({ isJobActive }: { isJobActive: boolean }) {
  const [state, action, pending] = useActionState(verifyMigrationAction, undefined);
  return (
    <form action={action} style={{ display: 'grid', gap: '0.5rem', justifyItems: 'start' }}>
      <button type="submit" disabled={pending || isJobActive}>
        {pending ? 'Starting…' : 'Verify now'}
      </button>
      <FormMessage state={state} />
    </form>
  );
}
