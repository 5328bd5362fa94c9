import Link from 'next/link';
import { shortHex } from './format';

/** A hash or address shortened for the eye, the full value as its accessible name and title. */
export function HexLink({ value, href, full = false }: { value: string | null; href?: string; full?: boolean }) {
  if (!value) return <span className="text-muted-foreground">—</span>;
  const text = full ? value : shortHex(value);
  const className = full ? 'font-mono text-sm break-all' : 'font-mono text-sm whitespace-nowrap';
  return href ? (
    <Link href={href} title={value} aria-label={full ? undefined : value} className={`${className} text-primary underline-offset-4 hover:underline`}>
      {text}
    </Link>
  ) : (
    <span title={value} className={className}>
      {text}
    </span>
  );
}

export const blockHref = (blockNumber: string) => `/explorer/blocks/${blockNumber}`;
export const transactionHref = (hash: string) => `/explorer/transactions/${hash.toLowerCase()}`;
export const addressHref = (address: string) => `/explorer/address/${address.toLowerCase()}`;
