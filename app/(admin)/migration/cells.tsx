import { Badge } from '@/components/ui/badge';
import type { SourceState } from '@/lib/migration/migration-runs.repository';
import { formatCount } from './format';
import { formatUtcStamp } from '@/lib/display-time';

const STATE_VARIANT: Record<SourceState, 'success' | 'destructive' | 'warning' | 'secondary'> = {
  validated: 'success',
  mismatched: 'destructive',
  error: 'destructive',
  running: 'warning',
  'pending-revalidation': 'warning',
  pending: 'secondary',
};

/** Source and run states in DMS's vocabulary (anchors §2.2); one colour per meaning across the page. */
export function StateBadge({ state, title }: { state: SourceState; title?: string }) {
  return (
    <Badge variant={STATE_VARIANT[state]} title={title}>
      {state.replace('-', ' ')}
    </Badge>
  );
}

export function Count({ value, href }: { value: number; href?: string }) {
  const text = formatCount(value);
  return (
    <span className="block text-right whitespace-nowrap tabular-nums">
      {href && value > 0 ? (
        <a href={href} className="text-primary underline-offset-4 hover:underline">
          {text}
        </a>
      ) : (
        text
      )}
    </span>
  );
}

export function UtcTime({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} className="font-mono text-xs whitespace-nowrap">
      {formatUtcStamp(iso)}
    </time>
  );
}
