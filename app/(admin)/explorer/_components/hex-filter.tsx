'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import type { useGridUrl } from '@/components/data-table/use-data-table';

/**
 * A filter on one exact hex value (an address, an identity hash): typed, checked against `pattern`,
 * applied to the URL parameter `name` on Enter or Apply. The URL stays the source of truth.
 */
export function HexFilter({
  url,
  name,
  label,
  placeholder,
  pattern,
  hint,
}: {
  url: ReturnType<typeof useGridUrl>;
  name: string;
  label: string;
  placeholder: string;
  pattern: RegExp;
  hint: string;
}) {
  const current = url.searchParams.get(name) ?? '';
  const [text, setText] = useState(current);
  const [error, setError] = useState<string | null>(null);
  // The back button (or a reset) changes the URL under the box: show what it says.
  const [shown, setShown] = useState(current);
  if (shown !== current) {
    setShown(current);
    setText(current);
  }
  const errorId = `${name}-filter-error`;
  return (
    <form
      className="flex items-center gap-1"
      onSubmit={(event) => {
        event.preventDefault();
        const value = text.trim();
        if (value && !pattern.test(value)) return setError(hint);
        setError(null);
        url.setParam(name, value.toLowerCase() || null);
      }}
    >
      <Input
        aria-label={label}
        placeholder={placeholder}
        value={text}
        onChange={(event) => setText(event.target.value)}
        aria-invalid={error !== null}
        aria-describedby={error ? errorId : undefined}
        className="h-8 w-56 font-mono text-xs"
      />
      <Button type="submit" size="sm" variant="outline">
        Apply
      </Button>
      {error && (
        <span id={errorId} role="alert" className="text-sm text-destructive">
          {error}
        </span>
      )}
    </form>
  );
}
