'use client';

import type { TooltipContentProps } from 'recharts';

/** The tooltip all charts share, in the theme's popover colours. */
export function ChartTooltip({ active, payload, label, format }: Partial<TooltipContentProps<number, string>> & { format: (value: number) => string }) {
  if (!active || !payload?.length) return null;
  return (
    <div className="rounded-md border bg-popover px-3 py-2 text-xs text-popover-foreground shadow-md">
      {label !== undefined && <p className="mb-1 font-medium">{String(label)}</p>}
      {payload.map((entry) => (
        <p key={String(entry.dataKey ?? entry.name)} className="flex items-center gap-2">
          <svg className="size-2" viewBox="0 0 8 8" aria-hidden>
            <circle cx="4" cy="4" r="4" fill={entry.color} />
          </svg>
          <span className="text-muted-foreground">{entry.name}</span>
          <span className="ml-auto font-medium tabular-nums">{typeof entry.value === 'number' ? format(entry.value) : String(entry.value)}</span>
        </p>
      ))}
    </div>
  );
}
