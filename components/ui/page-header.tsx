import type { ReactNode } from 'react';
import { RecordCrumb } from '@/components/shell/record-crumb';
import { cn } from '@/lib/utils';

/** The page's one h1, an optional line under it, and actions on the right; `crumb` names a record page in the breadcrumbs. */
export function PageHeader({
  title,
  description,
  actions,
  crumb,
  className,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  crumb?: string;
  className?: string;
}) {
  return (
    <div className={cn('mb-6 flex flex-wrap items-end justify-between gap-4', className)}>
      {crumb && <RecordCrumb label={crumb} />}
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {description && <p className="text-sm text-muted-foreground">{description}</p>}
      </div>
      {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
    </div>
  );
}
