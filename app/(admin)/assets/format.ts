/**
 * Amounts arrive as exact decimal strings. Display rounds to whole units with grouping; the string is
 * split rather than parsed as a float, so a large amount never shows a rounding artefact.
 */
export function formatAmount(value: string | null): string | null {
  if (value === null) return null;
  const [whole, fraction = ''] = value.split('.');
  const roundUp = fraction !== '' && Number(fraction[0]) >= 5;
  const units = roundUp ? (BigInt(whole) + 1n).toString() : whole;
  return units.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatPercent(value: string | null): string | null {
  if (value === null) return null;
  return `${Number(value).toLocaleString('en-US', { maximumFractionDigits: 2 })}%`;
}

/** A UTC day (YYYY-MM-DD): the grid's date filters are UTC days too. */
export function formatDay(value: string | null): string | null {
  return value === null ? null : value.slice(0, 10);
}

/** A large amount at a glance (12.4M), for the aggregate cards; the exact figure goes in the title. */
export function formatCompactAmount(value: string): string {
  return new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 }).format(Number(value));
}
