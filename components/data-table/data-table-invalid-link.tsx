import Link from 'next/link';
import type { z } from 'zod';
import { Button } from '@/components/ui/button';

/**
 * What a grid shows instead of rows when its URL does not parse: each problem by parameter, and a way
 * back to the unfiltered grid. A hand-edited or outdated link must never be read as "no rows match".
 */
export function DataTableInvalidLink({
  rows,
  issues,
  resetHref,
  resetLabel,
}: {
  rows: string;
  issues: z.core.$ZodIssue[];
  resetHref: string;
  resetLabel: string;
}) {
  return (
    <div role="alert" className="flex flex-col items-start gap-2 rounded-md border border-destructive/40 bg-destructive/5 p-4 text-sm">
      <p>This link’s view is invalid, so no {rows} are shown:</p>
      <ul className="list-disc pl-5">
        {issues.map((issue) => (
          <li key={`${issue.path.join('.')}-${issue.message}`}>
            <code>{issue.path.join('.')}</code>: {issue.message}
          </li>
        ))}
      </ul>
      <Button asChild variant="outline" size="sm">
        <Link href={resetHref}>{resetLabel}</Link>
      </Button>
    </div>
  );
}
