'use client';

import {
  Area,
  AreaChart as RechartsAreaChart,
  Bar,
  BarChart as RechartsBarChart,
  CartesianGrid,
  Cell,
  Line,
  LineChart as RechartsLineChart,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ReactNode } from 'react';
import { ChartFrame, CHART_COLORS, seriesColor, type ChartDatum, type ChartSeries } from './chart-frame';
import { ChartTooltip } from './chart-tooltip';

/** How values read in tooltips and tables; a name, not a function, so a server component can choose it. */
export type ValueFormat = 'count' | 'compact';

type ChartProps = {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  data: ChartDatum[];
  categoryKey: string;
  categoryLabel: string;
  series: ChartSeries[];
  valueFormat?: ValueFormat;
  className?: string;
};

// Series draw without animation: the charts are read, not watched, and a screenshot or a reader with
// reduced motion never meets a half-drawn chart. Lines are straight between points: a smoothed curve
// invents values between two days (and dips below zero next to a spike) that no row holds.
const compact = (value: number) => new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(value);
const FORMATS: Record<ValueFormat, (value: number) => string> = {
  count: (value) => value.toLocaleString('en-US'),
  compact: (value) => new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 }).format(value),
};
const AXIS = { stroke: 'var(--muted-foreground)', fontSize: 12, tickLine: false, axisLine: false } as const;

function Axes({ categoryKey }: { categoryKey: string }) {
  return (
    <>
      <CartesianGrid vertical={false} stroke="var(--border)" />
      <XAxis dataKey={categoryKey} {...AXIS} minTickGap={16} />
      <YAxis {...AXIS} width={48} tickFormatter={compact} />
    </>
  );
}

type CartesianChartProps = ChartProps & {
  Chart: typeof RechartsLineChart;
  /** The hover highlight behind the hovered category; bars shade it, lines and areas keep recharts' cursor line. */
  tooltipCursor?: { fill: string };
  renderSeries: (item: ChartSeries, index: number) => ReactNode;
};

/** What every chart over a category axis shares: the frame (with its data table), the axes and the tooltip. */
function CartesianChart({ Chart, tooltipCursor, renderSeries, data, categoryKey, series, valueFormat = 'count', ...frame }: CartesianChartProps) {
  const format = FORMATS[valueFormat];
  return (
    <ChartFrame data={data} categoryKey={categoryKey} series={series} format={format} {...frame}>
      <ResponsiveContainer width="100%" height="100%">
        <Chart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <Axes categoryKey={categoryKey} />
          <Tooltip content={<ChartTooltip format={format} />} {...(tooltipCursor ? { cursor: tooltipCursor } : {})} />
          {series.map(renderSeries)}
        </Chart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

export function LineChart(props: ChartProps) {
  return (
    <CartesianChart
      {...props}
      Chart={RechartsLineChart}
      renderSeries={(item, index) => (
        <Line
          key={item.key}
          isAnimationActive={false}
          type="linear"
          dataKey={item.key}
          name={item.label}
          stroke={seriesColor(item, index)}
          strokeWidth={2}
          dot={false}
        />
      )}
    />
  );
}

export function AreaChart(props: ChartProps) {
  return (
    <CartesianChart
      {...props}
      Chart={RechartsAreaChart}
      renderSeries={(item, index) => (
        <Area
          key={item.key}
          isAnimationActive={false}
          type="linear"
          dataKey={item.key}
          name={item.label}
          stroke={seriesColor(item, index)}
          fill={seriesColor(item, index)}
          fillOpacity={0.2}
          strokeWidth={2}
        />
      )}
    />
  );
}

export function BarChart(props: ChartProps) {
  return (
    <CartesianChart
      {...props}
      Chart={RechartsBarChart}
      tooltipCursor={{ fill: 'var(--muted)' }}
      renderSeries={(item, index) => (
        <Bar key={item.key} isAnimationActive={false} dataKey={item.key} name={item.label} fill={seriesColor(item, index)} radius={[4, 4, 0, 0]} />
      )}
    />
  );
}

/** One series split by category; each slice takes the next palette colour, and the legend names them. */
export function DonutChart({ data, categoryKey, series, valueFormat = 'count', ...frame }: ChartProps) {
  const format = FORMATS[valueFormat];
  const [value] = series;
  return (
    <ChartFrame data={data} categoryKey={categoryKey} series={series} format={format} {...frame}>
      <div className="flex h-full items-center gap-4">
        <ResponsiveContainer width="60%" height="100%">
          <PieChart accessibilityLayer={false}>
            <Tooltip content={<ChartTooltip format={format} />} />
            <Pie
              rootTabIndex={-1}
              isAnimationActive={false}
              data={data}
              dataKey={value.key}
              nameKey={categoryKey}
              innerRadius="55%"
              outerRadius="85%"
              paddingAngle={2}
              strokeWidth={0}
            >
              {data.map((row, index) => (
                <Cell key={String(row[categoryKey])} fill={CHART_COLORS[index % CHART_COLORS.length]} />
              ))}
            </Pie>
          </PieChart>
        </ResponsiveContainer>
        <ul className="grid gap-1.5 text-sm">
          {data.map((row, index) => (
            <li key={String(row[categoryKey])} className="flex items-center gap-2">
              <svg className="size-2.5 shrink-0" viewBox="0 0 10 10">
                <circle cx="5" cy="5" r="5" fill={CHART_COLORS[index % CHART_COLORS.length]} />
              </svg>
              <span dir="auto">{String(row[categoryKey])}</span>
              <span className="ml-auto pl-3 text-muted-foreground tabular-nums">{format(Number(row[value.key] ?? 0))}</span>
            </li>
          ))}
        </ul>
      </div>
    </ChartFrame>
  );
}
