'use client';

import { PlusCircleIcon } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { DropdownMenu, DropdownMenuContent, DropdownMenuRadioGroup, DropdownMenuRadioItem, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import type { useGridUrl } from './use-data-table';

/** A yes/no filter (URL `name=true|false`; absent means either). */
export function DataTableBooleanFilter({
  url,
  name,
  title,
  labels = { true: 'Yes', false: 'No' },
}: {
  url: ReturnType<typeof useGridUrl>;
  name: string;
  title: string;
  labels?: { true: string; false: string };
}) {
  const current = url.searchParams.get(name);
  const value = current === 'true' || current === 'false' ? current : 'any';
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="outline"
          size="sm"
          className="border-dashed"
          aria-label={`Filter by ${title.toLowerCase()}${value === 'any' ? '' : `: ${labels[value]}`}`}
        >
          <PlusCircleIcon aria-hidden />
          {title}
          {value === 'any' ? null : (
            <Badge variant="secondary" className="rounded-sm px-1 font-normal">
              {labels[value]}
            </Badge>
          )}
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-48">
        <DropdownMenuRadioGroup value={value} onValueChange={(next) => url.setParam(name, next === 'any' ? null : next)}>
          <DropdownMenuRadioItem value="any">Any</DropdownMenuRadioItem>
          <DropdownMenuRadioItem value="true">{labels.true}</DropdownMenuRadioItem>
          <DropdownMenuRadioItem value="false">{labels.false}</DropdownMenuRadioItem>
        </DropdownMenuRadioGroup>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
