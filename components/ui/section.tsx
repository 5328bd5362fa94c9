import type { ReactNode } from 'react';
import { cn } from '@/lib/utils';

/** A titled part of a page (h2), with an optional line under the title; ids tie the region to its title. */
export function Section({
  id,
  title,
  description,
  actions,
  className,
  children,
}: {
  id: string;
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className={cn('mt-8 grid gap-3', className)}>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="grid gap-1">
          <h2 id={`${id}-title`} className="text-lg font-semibold tracking-tight">
            {title}
          </h2>
          {description && <div className="text-sm text-muted-foreground [&_a]:text-primary [&_a]:underline-offset-4 [&_a:hover]:underline">{description}</div>}
        </div>
        {actions}
      </div>
      {children}
    </section>
  );
}
