'use client';

import { format } from 'date-fns';
import { CalendarIcon } from 'lucide-react';
import type { DateRange } from 'react-day-picker';
import { Button } from '@/components/ui/button';
import { Calendar } from '@/components/ui/calendar';
import { Popover, PopoverContent, PopoverTrigger } from '@/components/ui/popover';
import { cn } from '@/lib/utils';

export type { DateRange };

function describe(range: DateRange | undefined, placeholder: string) {
  if (!range?.from) return placeholder;
  if (!range.to) return format(range.from, 'yyyy-MM-dd');
  return `${format(range.from, 'yyyy-MM-dd')} – ${format(range.to, 'yyyy-MM-dd')}`;
}

/** A button naming the chosen range (ISO dates, no locale guessing) that opens a two-month calendar. */
export function DateRangePicker({
  value,
  onChange,
  label,
  placeholder = 'Any date',
  className,
}: {
  value: DateRange | undefined;
  onChange: (range: DateRange | undefined) => void;
  label: string;
  placeholder?: string;
  className?: string;
}) {
  return (
    <Popover>
      <PopoverTrigger asChild>
        <Button
          variant="outline"
          aria-label={`${label}: ${describe(value, placeholder)}`}
          className={cn('justify-start font-normal', !value?.from && 'text-muted-foreground', className)}
        >
          <CalendarIcon aria-hidden />
          {describe(value, placeholder)}
        </Button>
      </PopoverTrigger>
      <PopoverContent className="w-auto p-0" align="start">
        <Calendar mode="range" numberOfMonths={2} selected={value} onSelect={onChange} defaultMonth={value?.from} />
      </PopoverContent>
    </Popover>
  );
}
