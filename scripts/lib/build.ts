import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { run } from './run';

const SOURCES = [
  'app',
  'components',
  'lib',
  'migrations',
  'proxy.ts',
  'instrumentation-client.ts',
  'next.config.js',
  'mikro-orm.config.ts',
  'tsconfig.json',
  'package-lock.json',
];
const FINGERPRINT_FILE = path.join('.next', 'pend-source-fingerprint');
export const NEXT_BIN = path.resolve('node_modules', '.bin', 'next');

function listFiles(entry: string): string[] {
  if (!existsSync(entry)) return [];
  if (!statSync(entry).isDirectory()) return [entry];
  return readdirSync(entry).flatMap((name) => listFiles(path.join(entry, name)));
}

/** Path, size and mtime of every input of `next build`: cheap, and changes whenever a source does. */
function sourceFingerprint(): string {
  const hash = createHash('sha256');
  for (const file of SOURCES.flatMap(listFiles).sort()) {
    const stat = statSync(file);
    hash.update(`${file}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

/** Runs `next build` unless `.next` already holds a build of exactly these sources. */
export async function buildIfStale(log: (line: string) => void = console.log): Promise<void> {
  const fingerprint = sourceFingerprint();
  const isCurrent = existsSync(path.join('.next', 'BUILD_ID')) && existsSync(FINGERPRINT_FILE) && readFileSync(FINGERPRINT_FILE, 'utf8') === fingerprint;
  if (isCurrent) return;
  log('Building the app (no current build found)…');
  await run(NEXT_BIN, ['build']);
  writeFileSync(FINGERPRINT_FILE, fingerprint);
}
