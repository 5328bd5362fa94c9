'use client';

import { TableIcon } from 'lucide-react';
import { useId, useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { cn } from '@/lib/utils';

export type ChartSeries = { key: string; label: string; color?: string };
export type ChartDatum = Record<string, string | number | null>;

/** The palette charts draw from, in order; theme-aware through the CSS variables. */
/** Eight distinct hues, so a category chart (seven tiers and "no tier") never gives two slices one colour. */
export const CHART_COLORS = [
  'var(--chart-1)',
  'var(--chart-2)',
  'var(--chart-3)',
  'var(--chart-4)',
  'var(--chart-5)',
  'var(--chart-6)',
  'var(--chart-7)',
  'var(--chart-8)',
];

export const seriesColor = (series: ChartSeries, index: number) => series.color ?? CHART_COLORS[index % CHART_COLORS.length];

/**
 * Every chart's frame: a titled card whose drawing is hidden from assistive tech and whose numbers are a
 * real table behind it, always in the accessibility tree and shown on demand ("Show table").
 */
export function ChartFrame({
  title,
  description,
  data,
  categoryKey,
  categoryLabel,
  series,
  format = (value) => value.toLocaleString('en-US'),
  className,
  actions,
  children,
}: {
  title: string;
  description?: ReactNode;
  /** More controls beside "Show table" (an Export link). */
  actions?: ReactNode;
  data: ChartDatum[];
  categoryKey: string;
  categoryLabel: string;
  series: ChartSeries[];
  format?: (value: number) => string;
  className?: string;
  children: ReactNode;
}) {
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  return (
    <Card className={cn('gap-3', className)}>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        {description && <CardDescription>{description}</CardDescription>}
        <CardAction className="flex flex-wrap items-center gap-1">
          {actions}
          <Button variant="ghost" size="sm" aria-expanded={showTable} aria-controls={tableId} onClick={() => setShowTable((shown) => !shown)}>
            <TableIcon aria-hidden />
            {showTable ? 'Hide table' : 'Show table'}
          </Button>
        </CardAction>
      </CardHeader>
      <CardContent className="grid gap-3">
        {!showTable && (
          <div className="h-56 w-full" aria-hidden>
            {children}
          </div>
        )}
        <div id={tableId} className={cn(!showTable && 'sr-only', showTable && 'max-h-56 overflow-auto rounded-md border')}>
          <table className="w-full text-sm">
            <caption className="sr-only">{title}</caption>
            <thead className="bg-muted/60 text-left text-muted-foreground">
              <tr>
                <th scope="col" className="px-3 py-1.5 font-medium">
                  {categoryLabel}
                </th>
                {series.map((item) => (
                  <th key={item.key} scope="col" className="px-3 py-1.5 text-right font-medium">
                    {item.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.map((row) => (
                <tr key={String(row[categoryKey])} className="border-t">
                  <th scope="row" className="px-3 py-1.5 text-left font-normal" dir="auto">
                    {String(row[categoryKey])}
                  </th>
                  {series.map((item) => {
                    const value = row[item.key];
                    return (
                      <td key={item.key} className="px-3 py-1.5 text-right tabular-nums">
                        {typeof value === 'number' ? format(value) : (value ?? '—')}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </CardContent>
    </Card>
  );
}
