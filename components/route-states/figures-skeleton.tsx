import { KpiGrid } from '@/components/ui/kpi-card';
import { Skeleton } from '@/components/ui/skeleton';

/** A figures panel's frame while it loads: a row of KPI cards over a row of charts, so the page does not jump. */
export function FiguresSkeleton({ label, kpis = 4, charts = 3 }: { label: string; kpis?: number; charts?: number }) {
  return (
    <div className="flex flex-col gap-4" aria-busy="true" aria-label={label}>
      <KpiGrid>
        {Array.from({ length: kpis }, (_, index) => (
          <Skeleton key={index} className="h-28 rounded-xl" />
        ))}
      </KpiGrid>
      <div className="grid gap-4 lg:grid-cols-3">
        {Array.from({ length: charts }, (_, index) => (
          <Skeleton key={index} className="h-80 rounded-xl" />
        ))}
      </div>
    </div>
  );
}
