'use client';

import { Area, AreaChart, ResponsiveContainer } from 'recharts';

/**
 * A tiny trend line for a KPI card: decoration only (hidden from assistive tech), so the card must say
 * in words what the series shows (`summary`, read as part of the card).
 */
export function Sparkline({ values, summary, color = 'var(--chart-1)' }: { values: number[]; summary: string; color?: string }) {
  const data = values.map((value, index) => ({ index, value }));
  return (
    <>
      <div className="h-10 w-full" aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart accessibilityLayer={false} data={data} margin={{ top: 2, right: 0, bottom: 2, left: 0 }}>
            <Area type="monotone" dataKey="value" stroke={color} fill={color} fillOpacity={0.15} strokeWidth={1.5} isAnimationActive={false} />
          </AreaChart>
        </ResponsiveContainer>
      </div>
      <span className="sr-only">{summary}</span>
    </>
  );
}
