/**
 * How the screens show a time: always UTC, year first, 24-hour (`2026-12-05 19:48:58`), the one form a
 * reader cannot take for another day (never a locale's `06/12/2026`). Input is the ISO string a DTO carries.
 */
export function formatUtc(iso: string | null): string {
  return iso ? iso.replace('T', ' ').slice(0, 19) : '—';
}

/** The same with its zone written out, for times shown outside a "(UTC)" column; `minute` drops the seconds. */
export function formatUtcStamp(iso: string | null, precision: 'second' | 'minute' = 'second'): string {
  if (!iso) return '—';
  return `${formatUtc(iso).slice(0, precision === 'minute' ? 16 : 19)} UTC`;
}
