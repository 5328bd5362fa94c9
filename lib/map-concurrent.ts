/**
 * `items.map(fn)` with at most `limit` calls in flight, results in input order. For many small
 * independent I/O jobs (thousands of KYC files), where one-at-a-time awaits leave the disk idle.
 */
export async function mapConcurrent<Item, Result>(items: readonly Item[], limit: number, fn: (item: Item) => Promise<Result>): Promise<Result[]> {
  const results = new Array<Result>(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  });
  await Promise.all(runners);
  return results;
}
