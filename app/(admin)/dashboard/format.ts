export const formatCount = (value: number) => value.toLocaleString('en-US');

export const formatCompact = (value: number) => new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 }).format(value);

/** A lag in the unit a person reads at a glance: ms below a second, then seconds, then minutes. */
export function formatLag(ms: number): string {
  if (ms < 1_000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}
