'use client';

import { useState } from 'react';

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
    <span style={{ display: 'inline-flex', gap: '0.3rem', alignItems: 'center', whiteSpace: 'nowrap' }}>
      <code className="mono" title={value}>
        {value.slice(0, SHOWN_CHARS)}
      </code>
      <button type="button" className="secondary" style={{ padding: '0 0.3rem', fontSize: '0.65rem', lineHeight: 1.4 }} onClick={copy} aria-label={`Copy ${label}`} title="Copy the full value">
        {copied ? 'copied' : 'copy'}
      </button>
    </span>
  );
}
