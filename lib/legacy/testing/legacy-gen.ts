import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AnomalyReport } from '../anomalies';
import { legacyGenerator } from './generator-path';

export type GeneratedFolder = { dir: string; expected: { seed: number; scale: string; sources: AnomalyReport } };

/** Writes a legacy data folder for `scale`/`seed` below `root`, with its `--expect` file next to it. */
export function generateLegacyFolder(root: string, scale: 'small' | 'medium', seed: number): GeneratedFolder {
  const dir = path.join(root, `${scale}-${seed}`);
  const expectFile = path.join(root, `${scale}-${seed}.expect.json`);
  execFileSync(process.execPath, [legacyGenerator(), '--out', dir, '--scale', scale, '--seed', String(seed), '--expect', expectFile], { stdio: 'pipe' });
  return { dir, expected: JSON.parse(readFileSync(expectFile, 'utf8')) };
}

export type MutationChange = { op: number; file: string; operation: string; key: string };

/** Applies `ops` legacy-server-style writes to a generated folder in place and returns what changed. */
export function mutateLegacyFolder(dir: string, seed: number, ops: number): MutationChange[] {
  const output = execFileSync(process.execPath, [legacyGenerator(), 'mutate', '--dir', dir, '--seed', String(seed), '--ops', String(ops)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 << 20,
  });
  return JSON.parse(output.toString('utf8')).changes;
}
