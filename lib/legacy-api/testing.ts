import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { NextRequest } from 'next/server';
import { generateLegacyFolder } from '@/lib/legacy/testing/legacy-gen';
import { runImport } from '@/lib/migration/run-import';

type Handler = (request: NextRequest, segment: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
export type CallOptions = { method?: string; headers?: Record<string, string>; body?: BodyInit; json?: unknown; params?: Record<string, string> };
export type CallResult = { status: number; headers: Headers; body: Record<string, unknown> };

/** Invokes a route handler the way Next does, with the app's own origin as base URL. */
export async function call(handler: Handler, url: string, options: CallOptions = {}): Promise<CallResult> {
  const headers = { ...(options.json === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers };
  const request = new NextRequest(new URL(url, 'http://127.0.0.1:3002'), {
    method: options.method ?? 'GET',
    headers,
    body: options.json === undefined ? options.body : JSON.stringify(options.json),
  });
  const response = await handler(request, { params: Promise.resolve(options.params ?? {}) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** A fresh legacy-gen `small` folder (synchronous, so a test file can name it as LEGACY_DATA_DIR before anything reads the environment). */
export function legacyTestFolder(seed: number): { root: string; dir: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'pend-legacy-api-'));
  return { root, dir: generateLegacyFolder(root, 'small', seed).dir };
}

/** Imports a legacy folder into the test database, as `npm run migrate` would. */
export async function importLegacyFolder(em: EntityManager, { root, dir }: { root: string; dir: string }): Promise<void> {
  await runImport(em, {
    sourceDir: dir,
    backupDir: path.join(root, 'backups'),
    storageDir: path.join(root, 'kyc-storage'),
    context: { source: 'cli', actorLabel: 'vitest' },
  });
}
