import type { ReactNode } from 'react';

/** A record's fields as a description list: label left, value right, wrapping on narrow screens. */
export function DetailList({ items, testId }: { items: Array<{ label: string; value: ReactNode }>; testId?: string }) {
  return (
    <dl data-testid={testId} className="grid gap-x-6 gap-y-2 rounded-xl border bg-card p-4 text-sm sm:grid-cols-[12rem_1fr]">
      {items.map((item) => (
        <div key={item.label} className="contents">
          <dt className="text-muted-foreground">{item.label}</dt>
          <dd className="min-w-0 break-words">{item.value ?? '—'}</dd>
        </div>
      ))}
    </dl>
  );
}
