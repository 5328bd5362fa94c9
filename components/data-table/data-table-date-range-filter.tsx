'use client';

import { format } from 'date-fns';
import { XIcon } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { DateRangePicker, type DateRange } from '@/components/ui/date-range-picker';
import type { useGridUrl } from './use-data-table';

const day = (date: Date) => format(date, 'yyyy-MM-dd');
const parseDay = (text: string | undefined) => (text && /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00`) : undefined);

/** A date-range filter (URL `name=2026-01-01..2026-01-31`, inclusive UTC days); applied once both ends are picked. */
export function DataTableDateRangeFilter({ url, name, title }: { url: ReturnType<typeof useGridUrl>; name: string; title: string }) {
  const [fromText, toText] = (url.searchParams.get(name) ?? '').split('..');
  const value: DateRange | undefined = parseDay(fromText) || parseDay(toText) ? { from: parseDay(fromText), to: parseDay(toText) } : undefined;
  return (
    <div className="flex items-center">
      <DateRangePicker
        label={title}
        placeholder={title}
        value={value}
        className="h-8 border-dashed"
        onChange={(range) => {
          if (!range?.from) url.setParam(name, null);
          else if (range.to) url.setParam(name, `${day(range.from)}..${day(range.to)}`);
        }}
      />
      {value ? (
        <Button variant="ghost" size="sm" aria-label={`Clear ${title.toLowerCase()}`} onClick={() => url.setParam(name, null)}>
          <XIcon aria-hidden />
        </Button>
      ) : null}
    </div>
  );
}
