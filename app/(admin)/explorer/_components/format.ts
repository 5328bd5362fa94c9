/** Display helpers of the explorer: exact decimals stay strings, times are UTC. */

export const formatCount = (value: number) => value.toLocaleString('en-US');

/** `0x4ac76a23…ba5c99`: long enough to recognise; the full value is in the link's title and the copy button. */
export function shortHex(value: string): string {
  return value.length > 18 ? `${value.slice(0, 10)}…${value.slice(-6)}` : value;
}

/** A decimal string with trailing fractional zeros dropped and thousands grouped, digit for digit (no float). */
export function formatDecimal(value: string | null): string {
  if (value === null) return '—';
  const [whole, fraction = ''] = value.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = whole.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const trimmed = fraction.replace(/0+$/, '');
  return `${sign}${digits}${trimmed ? `.${trimmed}` : ''}`;
}

/** Wei (an integer string) as tokens, exactly: 18 decimal places shifted, not divided as a float. */
export function weiToTokens(wei: string | null): string | null {
  if (wei === null) return null;
  const negative = wei.startsWith('-');
  const digits = wei.replace('-', '').split('.')[0].padStart(19, '0');
  const tokens = `${digits.slice(0, -18)}.${digits.slice(-18)}`;
  return `${negative ? '-' : ''}${tokens}`;
}
