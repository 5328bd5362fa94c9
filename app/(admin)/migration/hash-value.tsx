'use client';

import { CheckIcon, CopyIcon } from 'lucide-react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';

const SHOWN_CHARS = 12;

/** A hash as its first 12 characters (the full value on hover) with a button that copies all of it. */
export function HashValue({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    // The browser may refuse the clipboard (permission, insecure origin): the button then simply does not confirm.
    navigator.clipboard.writeText(value).then(
      () => {
        setCopied(true);
        setTimeout(() => setCopied(false), 1_500);
      },
      () => setCopied(false),
    );
  };
  return (
    <span className="inline-flex items-center gap-1 whitespace-nowrap">
      <code className="font-mono text-xs" title={value}>
        {value.slice(0, SHOWN_CHARS)}
      </code>
      <Button type="button" variant="ghost" size="icon" className="size-6" onClick={copy} aria-label={`Copy ${label}`} title="Copy the full value">
        {copied ? <CheckIcon className="size-3.5 text-success" aria-hidden /> : <CopyIcon className="size-3.5" aria-hidden />}
      </Button>
    </span>
  );
}
