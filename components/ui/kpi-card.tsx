import { ArrowUpRightIcon } from 'lucide-react';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { cn } from '@/lib/utils';

/**
 * One key figure: label, value, an optional line of context and an optional chart (a sparkline). With
 * `href` the whole card is one link to the screen behind the figure.
 */
export function KpiCard({
  label,
  value,
  detail,
  href,
  chart,
  tone = 'default',
  className,
  testId,
}: {
  label: string;
  value: ReactNode;
  detail?: ReactNode;
  href?: string;
  chart?: ReactNode;
  tone?: 'default' | 'success' | 'warning' | 'destructive';
  className?: string;
  testId?: string;
}) {
  const body = (
    <>
      <div className="flex items-start justify-between gap-2">
        <span className="text-sm text-muted-foreground">{label}</span>
        {href && <ArrowUpRightIcon className="size-4 text-muted-foreground opacity-0 transition-opacity group-hover:opacity-100" aria-hidden />}
      </div>
      <span
        data-slot="kpi-value"
        className={cn(
          'text-2xl font-semibold tracking-tight tabular-nums',
          tone === 'success' && 'text-success',
          tone === 'warning' && 'text-warning',
          tone === 'destructive' && 'text-destructive',
        )}
      >
        {value}
      </span>
      {detail && <span className="text-xs text-muted-foreground">{detail}</span>}
      {chart && <div className="mt-auto pt-2">{chart}</div>}
    </>
  );
  const classes = cn('group flex min-h-28 flex-col gap-1 rounded-xl border bg-card p-4 text-card-foreground shadow-xs', className);
  return href ? (
    <Link
      href={href}
      data-testid={testId}
      className={cn(
        classes,
        'transition-colors hover:border-primary/40 hover:bg-accent/40 focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none',
      )}
    >
      {body}
    </Link>
  ) : (
    <div data-testid={testId} className={classes}>
      {body}
    </div>
  );
}

/** The responsive grid KPI cards sit in. */
export function KpiGrid({ children, className }: { children: ReactNode; className?: string }) {
  return <div className={cn('grid grid-cols-[repeat(auto-fit,minmax(11rem,1fr))] gap-4', className)}>{children}</div>;
}
