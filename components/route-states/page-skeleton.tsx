import { Skeleton } from '@/components/ui/skeleton';

/**
 * The placeholder while a page's server data loads: a title, optional KPI cards, and a table's rows.
 * Announced once as busy, so a screen reader says the page is loading instead of reading grey boxes.
 */
export function PageSkeleton({ cards = 0, rows = 8, label }: { cards?: number; rows?: number; label: string }) {
  return (
    <div role="status" aria-busy="true" aria-label={`Loading ${label}`} className="grid gap-6">
      <Skeleton className="h-8 w-56" />
      {cards > 0 && (
        <div className="grid grid-cols-[repeat(auto-fill,minmax(13rem,1fr))] gap-4">
          {Array.from({ length: cards }, (_, index) => (
            <Skeleton key={index} className="h-28 rounded-xl" />
          ))}
        </div>
      )}
      <div className="grid gap-2 rounded-lg border p-4">
        <Skeleton className="h-6 w-full" />
        {Array.from({ length: rows }, (_, index) => (
          <Skeleton key={index} className="h-5 w-full opacity-70" />
        ))}
      </div>
    </div>
  );
}
