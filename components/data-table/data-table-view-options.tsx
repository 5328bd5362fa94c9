'use client';

import { ArrowDownIcon, ArrowUpIcon, Settings2Icon } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Label } from '@/components/ui/label';
import { Popover, PopoverContent, PopoverTrigger } from '@/components/ui/popover';
import { RadioGroup, RadioGroupItem } from '@/components/ui/radio-group';
import { Separator } from '@/components/ui/separator';
import type { useGridUrl } from './use-data-table';

export type ColumnOption = { id: string; label: string };

/**
 * Which columns show and in what order (URL `columns=a,b`, the list query's own parameter) and the row
 * density (URL `density=compact`, presentation only).
 */
export function DataTableViewOptions({
  url,
  columns,
  defaultColumns,
}: {
  url: ReturnType<typeof useGridUrl>;
  columns: readonly ColumnOption[];
  defaultColumns: readonly string[];
}) {
  const fromUrl = url.searchParams
    .get('columns')
    ?.split(',')
    .filter((id) => columns.some((column) => column.id === id));
  const visible = fromUrl?.length ? fromUrl : [...defaultColumns];
  const ordered = [...visible, ...columns.map((column) => column.id).filter((id) => !visible.includes(id))];
  const labelOf = (id: string) => columns.find((column) => column.id === id)?.label ?? id;
  const save = (next: string[]) => {
    const isDefault = next.length === defaultColumns.length && next.every((id, index) => id === defaultColumns[index]);
    url.setParam('columns', isDefault ? null : next.join(','));
  };
  const toggle = (id: string, shown: boolean) => {
    const next = shown ? ordered.filter((other) => other === id || visible.includes(other)) : visible.filter((other) => other !== id);
    if (next.length) save(next);
  };
  const move = (id: string, by: -1 | 1) => {
    const index = visible.indexOf(id);
    const next = [...visible];
    [next[index], next[index + by]] = [next[index + by], next[index]];
    save(next);
  };
  const density = url.searchParams.get('density') === 'compact' ? 'compact' : 'comfortable';
  return (
    <Popover>
      <PopoverTrigger asChild>
        <Button variant="outline" size="sm" className="ml-auto">
          <Settings2Icon aria-hidden /> View
        </Button>
      </PopoverTrigger>
      <PopoverContent align="end" className="w-64">
        <fieldset className="grid gap-1">
          <legend className="mb-1 text-sm font-medium">Columns</legend>
          {ordered.map((id) => {
            const shown = visible.includes(id);
            const index = visible.indexOf(id);
            return (
              <div key={id} className="flex items-center gap-2">
                <Checkbox id={`column-${id}`} checked={shown} disabled={shown && visible.length === 1} onCheckedChange={(value) => toggle(id, !!value)} />
                <Label htmlFor={`column-${id}`} className="flex-1 font-normal">
                  {labelOf(id)}
                </Label>
                <Button
                  variant="ghost"
                  size="icon"
                  className="size-7"
                  disabled={!shown || index === 0}
                  aria-label={`Move ${labelOf(id)} left`}
                  onClick={() => move(id, -1)}
                >
                  <ArrowUpIcon aria-hidden />
                </Button>
                <Button
                  variant="ghost"
                  size="icon"
                  className="size-7"
                  disabled={!shown || index === visible.length - 1}
                  aria-label={`Move ${labelOf(id)} right`}
                  onClick={() => move(id, 1)}
                >
                  <ArrowDownIcon aria-hidden />
                </Button>
              </div>
            );
          })}
        </fieldset>
        <Separator className="my-3" />
        <fieldset>
          <legend className="mb-2 text-sm font-medium">Density</legend>
          <RadioGroup value={density} onValueChange={(value) => url.setParam('density', value === 'compact' ? 'compact' : null)}>
            {(['comfortable', 'compact'] as const).map((option) => (
              <div key={option} className="flex items-center gap-2">
                <RadioGroupItem id={`density-${option}`} value={option} />
                <Label htmlFor={`density-${option}`} className="font-normal capitalize">
                  {option}
                </Label>
              </div>
            ))}
          </RadioGroup>
        </fieldset>
      </PopoverContent>
    </Popover>
  );
}
