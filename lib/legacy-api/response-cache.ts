import { LRUCache } from 'lru-cache';
import { cache } from '@/lib/cache';

export type CachedResponse = { status: number; body: string };
/** A response ready to send: the cached text, or the same bytes already encoded. */
export type ServedResponse = { status: number; body: string | Uint8Array<ArrayBuffer> };
type EncodedResponse = { status: number; body: Uint8Array<ArrayBuffer> };

const GENERATION_KEY = 'legacy-api:generation';
const GENERATION_TTL_SECONDS = 7 * 86_400;

// How long this process trusts the generation it last read: a write on another instance shows here
// within this time, and a burst of cached reads costs one generation lookup per interval, not per request.
const GENERATION_MEMO_MS = 250;

type GenerationMemo = { value: string; readAt: number; pending: Promise<string> | null };
const memoHolder = globalThis as typeof globalThis & { __pendLegacyGeneration?: GenerationMemo };
const memo = (memoHolder.__pendLegacyGeneration ??= { value: 'initial', readAt: 0, pending: null });

/**
 * Cached legacy responses are keyed by a generation that every legacy write replaces, so a write
 * through this API is visible at once on its own instance and within GENERATION_MEMO_MS on every
 * other instance sharing Redis (the generation lives there); changes made by the legacy server itself
 * arrive through sync and show after at most the TTL.
 */
async function generation(): Promise<string> {
  if (Date.now() - memo.readAt < GENERATION_MEMO_MS) return memo.value;
  memo.pending ??= cache()
    .get<string>(GENERATION_KEY)
    .then((value) => {
      memo.value = value ?? 'initial';
      memo.readAt = Date.now();
      return memo.value;
    })
    .finally(() => {
      memo.pending = null;
    });
  return memo.pending;
}

// A fresh random value, not an increment: two writers bumping at once must not both land on the same next number.
export async function invalidateLegacyResponses(): Promise<void> {
  const value = crypto.randomUUID();
  await cache().set(GENERATION_KEY, value, GENERATION_TTL_SECONDS);
  Object.assign(memo, { value, readAt: Date.now() });
}

function keyOf(generationValue: string, url: URL, variant: string): string {
  const query = [...url.searchParams]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  return `legacy-api:${generationValue}:${variant}:${url.pathname}?${query}`;
}

// Bodies recently served by this process. The generation is still read from the shared cache on every
// request, so a write on any instance invalidates these too; they only save moving large bodies out
// of Redis and parsing them again (an asset page is ~100 KB).
const holder = globalThis as typeof globalThis & { __pendLegacyBodies?: LRUCache<string, EncodedResponse> };
// They are kept encoded, so a hit does not re-encode the body either.
const local = (holder.__pendLegacyBodies ??= new LRUCache<string, EncodedResponse>({
  maxSize: 64 * 1024 * 1024,
  sizeCalculation: (entry) => entry.body.length + 64,
}));

export async function cachedResponse(url: URL, variant: string, ttlSeconds: number, load: () => Promise<CachedResponse>): Promise<ServedResponse> {
  const key = keyOf(await generation(), url, variant);
  const hot = local.get(key);
  if (hot) return hot;
  const answer = await cache().wrap(key, ttlSeconds, load);
  const encoded = { status: answer.status, body: new TextEncoder().encode(answer.body) };
  local.set(key, encoded, { ttl: ttlSeconds * 1000 });
  return encoded;
}
