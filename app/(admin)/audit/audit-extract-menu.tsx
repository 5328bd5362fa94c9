'use client';

import { FileCheck2Icon } from 'lucide-react';
import { exportHref } from '@/components/data-table/data-table-export';
import type { useGridUrl } from '@/components/data-table/use-data-table';
import { Button } from '@/components/ui/button';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';

/**
 * The audit-trail extract of the current filter (decision 072): the grid's rows with the chain's
 * verification and head hash printed on the file. A full verification is offered to roles that may run one.
 */
export function AuditExtractMenu({ url, canVerify }: { url: ReturnType<typeof useGridUrl>; canVerify: boolean }) {
  const items = [
    { label: 'PDF', params: 'format=pdf' },
    { label: 'CSV', params: 'format=csv' },
    ...(canVerify
      ? [
          { label: 'PDF, whole chain verified', params: 'format=pdf&verify=full' },
          { label: 'CSV, whole chain verified', params: 'format=csv&verify=full' },
        ]
      : []),
  ];
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="outline" size="sm">
          <FileCheck2Icon aria-hidden /> Extract
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuLabel>Audit-trail extract: matching entries with the chain’s verification and head hash</DropdownMenuLabel>
        {items.map((item) => (
          <DropdownMenuItem key={item.params} asChild>
            <a href={exportHref('audit-extract', url.searchParams, item.params)} download>
              {item.label}
            </a>
          </DropdownMenuItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
