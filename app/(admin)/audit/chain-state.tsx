import type { AuditChainState } from '@/lib/audit/verify-audit-chain';

export function ChainState({ state }: { state: AuditChainState }) {
  const since = state.scope === 'since-checkpoint' && state.checkpoint ? ` since checkpoint #${state.checkpoint.seq}` : '';
  if (state.intact) {
    return (
      <div className="notice success" role="status" data-testid="chain-state">
        Hash chain intact: {state.entries.toLocaleString('en-US')} {state.entries === 1 ? 'entry' : 'entries'} verified{since}
        {state.headHash ? (
          <>
            , head #{state.headSeq} <code title={state.headHash}>{state.headHash.slice(0, 12)}…</code>
          </>
        ) : null}
        .
      </div>
    );
  }
  return (
    <div className="notice error" role="alert" data-testid="chain-state">
      Hash chain broken at entry #{state.brokenAtSeq}{' '}
      ({state.reason === 'content-changed' ? 'its content was changed after it was written' : 'the entry before it is missing'}).
      Entries from #{state.brokenAtSeq} on cannot be trusted until this is investigated.
    </div>
  );
}
