'use client';

import { PlusCircleIcon } from 'lucide-react';
import { useId, type FormEvent } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Popover, PopoverContent, PopoverTrigger } from '@/components/ui/popover';
import type { useGridUrl } from './use-data-table';

/** A number-range filter (URL `name=min..max`, inclusive, either side may be empty). */
export function DataTableNumberRangeFilter({ url, name, title }: { url: ReturnType<typeof useGridUrl>; name: string; title: string }) {
  const id = useId();
  const current = url.searchParams.get(name);
  const [min = '', max = ''] = (current ?? '').split('..');
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const [from, to] = [String(data.get('min') ?? '').trim(), String(data.get('max') ?? '').trim()];
    url.setParam(name, from || to ? `${from}..${to}` : null);
  };
  return (
    <Popover>
      <PopoverTrigger asChild>
        <Button variant="outline" size="sm" className="border-dashed">
          <PlusCircleIcon aria-hidden />
          {title}
          {current ? (
            <Badge variant="secondary" className="rounded-sm px-1 font-normal">
              {current.replace('..', ' – ')}
            </Badge>
          ) : null}
        </Button>
      </PopoverTrigger>
      <PopoverContent className="w-64" align="start">
        <form onSubmit={onSubmit} className="grid gap-3" aria-label={`${title} range`}>
          <div className="grid grid-cols-2 gap-2">
            <div className="grid gap-1">
              <Label htmlFor={`${id}-min`}>From</Label>
              <Input id={`${id}-min`} name="min" inputMode="decimal" defaultValue={min} />
            </div>
            <div className="grid gap-1">
              <Label htmlFor={`${id}-max`}>To</Label>
              <Input id={`${id}-max`} name="max" inputMode="decimal" defaultValue={max} />
            </div>
          </div>
          <div className="flex justify-end gap-2">
            <Button type="button" variant="ghost" size="sm" onClick={() => url.setParam(name, null)}>
              Clear
            </Button>
            <Button type="submit" size="sm">
              Apply
            </Button>
          </div>
        </form>
      </PopoverContent>
    </Popover>
  );
}
