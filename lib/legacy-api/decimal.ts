const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * Exact sums of the legacy decimal strings (amounts are strings such as "1000.5"): money is never
 * added as floating point. Anything that is not a plain decimal counts as zero.
 */
export function sumDecimals(values: Iterable<string | null | undefined>): string {
  let scale = 0;
  const parsed: Array<{ digits: bigint; scale: number }> = [];
  for (const value of values) {
    if (typeof value !== 'string' || !DECIMAL.test(value)) continue;
    const [whole, fraction = ''] = value.replace('-', '').split('.');
    const sign = value.startsWith('-') ? -1n : 1n;
    parsed.push({ digits: sign * BigInt(whole + fraction), scale: fraction.length });
    scale = Math.max(scale, fraction.length);
  }
  const total = parsed.reduce((sum, { digits, scale: own }) => sum + digits * 10n ** BigInt(scale - own), 0n);
  return formatScaled(total, scale);
}

function formatScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const text = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const whole = text.slice(0, text.length - scale);
  const fraction = text.slice(text.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Drops trailing zeros of a numeric text from PostgreSQL ("95170.0000" → "95170"), as the legacy stats print them. */
export function trimDecimal(value: string | null | undefined): string {
  if (!value) return '0';
  return value.includes('.') ? value.replace(/\.?0+$/, '') : value;
}
