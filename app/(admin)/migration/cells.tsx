import type { SourceState } from '@/lib/migration/migration-runs.repository';
import { formatCount, formatUtc } from './format';

const STATE_TONE: Record<SourceState, string> = {
  validated: 'ok',
  mismatched: 'danger',
  error: 'danger',
  running: 'warn',
  'pending-revalidation': 'warn',
  pending: '',
};

/** Source and run states in DMS's vocabulary (anchors §2.2); one colour per meaning across the page. */
export function StateBadge({ state, title }: { state: SourceState; title?: string }) {
  return (
    <span className={`badge ${STATE_TONE[state]}`} title={title}>
      {state.replace('-', ' ')}
    </span>
  );
}

export function Count({ value, href }: { value: number; href?: string }) {
  const text = formatCount(value);
  return (
    <span style={{ display: 'block', textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
      {href && value > 0 ? <a href={href}>{text}</a> : text}
    </span>
  );
}

export function UtcTime({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} className="mono" style={{ whiteSpace: 'nowrap' }}>
      {formatUtc(iso)}
    </time>
  );
}
