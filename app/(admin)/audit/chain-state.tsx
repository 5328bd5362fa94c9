import { ShieldAlertIcon, ShieldCheckIcon } from 'lucide-react';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import type { AuditChainState } from '@/lib/audit/verify-audit-chain';

export function ChainState({ state }: { state: AuditChainState }) {
  const since = state.scope === 'since-checkpoint' && state.checkpoint ? ` since checkpoint #${state.checkpoint.seq}` : '';
  if (state.intact) {
    return (
      <Alert variant="success" role="status" data-testid="chain-state">
        <ShieldCheckIcon aria-hidden />
        <AlertDescription className="block text-foreground">
          Hash chain intact: {state.entries.toLocaleString('en-US')} {state.entries === 1 ? 'entry' : 'entries'} verified{since}
          {state.headHash ? (
            <>
              , head #{state.headSeq}{' '}
              <code title={state.headHash} className="font-mono text-xs">
                {state.headHash.slice(0, 12)}…
              </code>
            </>
          ) : null}
          .
        </AlertDescription>
      </Alert>
    );
  }
  return (
    <Alert variant="destructive" role="alert" data-testid="chain-state">
      <ShieldAlertIcon aria-hidden />
      <AlertTitle>Hash chain broken at entry #{state.brokenAtSeq}</AlertTitle>
      <AlertDescription className="block text-foreground">
        {state.reason === 'content-changed' ? 'Its content was changed after it was written' : 'The entry before it is missing'}. Entries from #
        {state.brokenAtSeq} on cannot be trusted until this is investigated.
      </AlertDescription>
    </Alert>
  );
}
