import type { ListTotal } from '@/lib/list-query/total';

const number = new Intl.NumberFormat('en-US');

/** A total said as honestly as it is known: "about 74,000", "1,000+" or the exact number. */
export function formatTotal(total: ListTotal): string {
  if (total.kind === 'atLeast') return `${number.format(total.value)}+`;
  if (total.kind === 'exact') return number.format(total.value);
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(Math.max(total.value, 1))) - 1);
  return `about ${number.format(Math.round(total.value / magnitude) * magnitude)}`;
}
