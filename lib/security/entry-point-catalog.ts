import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { entryPointAccess, type EntryPointAccess } from '@/lib/entry-points';

/** Every entry point of the app as the security suite sees it: found on disk, then imported. */
export type RouteEntryPoint = { file: string; method: string; handler: RouteHandler; access: EntryPointAccess | undefined };
export type ActionEntryPoint = { file: string; name: string; action: ServerAction; access: EntryPointAccess | undefined };
export type PageEntryPoint = { file: string; permission: string | null };

export type RouteHandler = (request: Request, segment: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
export type ServerAction = (previous: unknown, formData: FormData) => Promise<{ ok: boolean; message?: string; fieldErrors?: Record<string, string[]> }>;

const ROOT = process.cwd();
const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)))
    .filter(keep)
    .sort();
}

export async function routeEntryPoints(): Promise<RouteEntryPoint[]> {
  const found: RouteEntryPoint[] = [];
  for (const file of filesUnder('app', (name) => path.basename(name) === 'route.ts')) {
    const exported = (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<string, unknown>;
    for (const method of HTTP_METHODS) {
      if (typeof exported[method] === 'function')
        found.push({ file, method, handler: exported[method] as RouteHandler, access: entryPointAccess(exported[method]) });
    }
  }
  return found;
}

export async function actionEntryPoints(): Promise<ActionEntryPoint[]> {
  const found: ActionEntryPoint[] = [];
  const isActionFile = (file: string) => /\.tsx?$/.test(file) && /^\s*['"]use server['"]/.test(readFileSync(path.join(ROOT, file), 'utf8'));
  for (const file of filesUnder('app', isActionFile)) {
    const exported = (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exported)) {
      if (typeof value === 'function') found.push({ file, name, action: value as ServerAction, access: entryPointAccess(value) });
    }
  }
  return found;
}

/** Pages are read, not rendered: the permission is the first `loadPage('<permission>'` of the file. */
export function pageEntryPoints(): PageEntryPoint[] {
  return filesUnder('app', (name) => path.basename(name) === 'page.tsx').map((file) => {
    const source = readFileSync(path.join(ROOT, file), 'utf8');
    return { file, permission: /loadPage(?:<[^>]*>)?\(\s*'([^']+)'/.exec(source)?.[1] ?? null };
  });
}

/** A compact label of what an entry point lets through, as the expected tables write it. */
export function describeAccess(access: EntryPointAccess | undefined): string {
  if (!access) return 'unwrapped';
  if (access.kind === 'action') return access.permission;
  if (access.kind === 'route') return 'public' in access.access ? 'public' : access.access.permission;
  return `legacy:${access.spec.access}`;
}
