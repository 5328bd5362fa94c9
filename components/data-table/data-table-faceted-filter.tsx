'use client';

import { CheckIcon, PlusCircleIcon } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Command, CommandEmpty, CommandGroup, CommandInput, CommandItem, CommandList, CommandSeparator } from '@/components/ui/command';
import { Popover, PopoverContent, PopoverTrigger } from '@/components/ui/popover';
import { cn } from '@/lib/utils';
import type { useGridUrl } from './use-data-table';

export type FacetOption = { value: string; label?: string; count?: number };

/** A multi-select filter (URL `name=a,b`) listing each value with how many rows hold it. */
export function DataTableFacetedFilter({
  url,
  name,
  title,
  options,
}: {
  url: ReturnType<typeof useGridUrl>;
  name: string;
  title: string;
  options: FacetOption[];
}) {
  const selected = new Set((url.searchParams.get(name) ?? '').split(',').filter(Boolean));
  const apply = (values: Set<string>) => url.setParam(name, [...values].join(','));
  // From the URL being navigated to, so two quick picks both count.
  const toggle = (value: string) =>
    url.navigate((params) => {
      const next = new Set((params.get(name) ?? '').split(',').filter(Boolean));
      if (next.has(value)) next.delete(value);
      else next.add(value);
      if (next.size) params.set(name, [...next].join(','));
      else params.delete(name);
    });
  return (
    <Popover>
      <PopoverTrigger asChild>
        <Button
          variant="outline"
          size="sm"
          className="border-dashed"
          aria-label={`Filter by ${title.toLowerCase()}${selected.size ? `: ${[...selected].join(', ')}` : ''}`}
        >
          <PlusCircleIcon aria-hidden />
          {title}
          {selected.size ? (
            <Badge variant="secondary" className="rounded-sm px-1 font-normal">
              {selected.size > 2 ? `${selected.size} selected` : [...selected].join(', ')}
            </Badge>
          ) : null}
        </Button>
      </PopoverTrigger>
      <PopoverContent className="w-64 p-0" align="start">
        <Command>
          <CommandInput placeholder={title} aria-label={`Find a ${title.toLowerCase()}`} />
          <CommandList>
            <CommandEmpty>No values.</CommandEmpty>
            <CommandGroup>
              {options.map((option) => {
                const isSelected = selected.has(option.value);
                return (
                  <CommandItem key={option.value} value={option.value} onSelect={() => toggle(option.value)} aria-selected={isSelected}>
                    <span
                      className={cn(
                        'flex size-4 items-center justify-center rounded-[4px] border border-primary',
                        isSelected ? 'bg-primary text-primary-foreground' : 'opacity-50',
                      )}
                      aria-hidden
                    >
                      {isSelected ? <CheckIcon className="size-3" /> : null}
                    </span>
                    <span dir="auto">{option.label ?? option.value}</span>
                    {option.count !== undefined ? <span className="ml-auto font-mono text-xs tabular-nums">{option.count.toLocaleString('en-US')}</span> : null}
                  </CommandItem>
                );
              })}
            </CommandGroup>
            {selected.size ? (
              <>
                <CommandSeparator />
                <CommandGroup>
                  <CommandItem onSelect={() => apply(new Set())} className="justify-center">
                    Clear filter
                  </CommandItem>
                </CommandGroup>
              </>
            ) : null}
          </CommandList>
        </Command>
      </PopoverContent>
    </Popover>
  );
}
