import type { z } from 'zod';
import type { Permission } from '@/lib/auth/permissions';
import type { LegacyRouteSpec } from '@/lib/legacy-api/route-spec';

/**
 * What each wrapper lets through, recorded when the entry point is built, so the security suite can read
 * the access of every exported route handler and server action instead of trusting a hand-kept list.
 */
export type EntryPointAccess =
  | { kind: 'action'; permission: Permission; schema: z.ZodType }
  | { kind: 'route'; access: { permission: Permission } | { public: true } }
  | { kind: 'legacy'; spec: Pick<LegacyRouteSpec, 'method' | 'path' | 'access' | 'kind' | 'params' | 'query' | 'body'> };

const registry = new WeakMap<object, EntryPointAccess>();

export function registerEntryPoint<Fn extends object>(entryPoint: Fn, access: EntryPointAccess): Fn {
  registry.set(entryPoint, access);
  return entryPoint;
}

/** The access an exported function was built with; undefined for anything not built by a wrapper. */
export function entryPointAccess(candidate: unknown): EntryPointAccess | undefined {
  return typeof candidate === 'function' ? registry.get(candidate) : undefined;
}
