import { Badge } from '@/components/ui/badge';

const STATUS_VARIANT = { active: 'success', paused: 'warning', closed: 'secondary', draft: 'outline' } as const;

/**
 * An asset's status. A legacy spelling outside today's vocabulary (`published`, `inactive`,
 * `Completed`, `approved`) is shown as it is stored, with the status it means beside it.
 */
export function AssetStatusBadge({ status, statusLegacy }: { status: string; statusLegacy: string | null }) {
  const variant = STATUS_VARIANT[status as keyof typeof STATUS_VARIANT] ?? 'outline';
  if (!statusLegacy) return <Badge variant={variant}>{status}</Badge>;
  return (
    <span className="inline-flex items-center gap-1.5 whitespace-nowrap" title={`Stored as “${statusLegacy}”, which means ${status}`}>
      <Badge variant={variant} className="font-mono">
        {statusLegacy}
      </Badge>
      <span className="text-xs text-muted-foreground">
        <span aria-hidden>→ </span>
        <span className="sr-only">means </span>
        {status}
      </span>
    </span>
  );
}
