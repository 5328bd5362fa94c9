import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { legacyGenerator } from '@/lib/legacy/testing/generator-path';

/** The benchmarks' legacy-gen folder for a scale and seed, generated once into .data/bench/ and reused. */
export function benchLegacyFolder(scale: string, seed: string): string {
  const dataDir = path.resolve('.data', 'bench', `legacy-${scale}-seed${seed}`);
  if (!existsSync(path.join(dataDir, 'wallet-db.json'))) {
    mkdirSync(path.dirname(dataDir), { recursive: true });
    console.log(`Generating legacy-gen ${scale} (seed ${seed}) into ${dataDir}…`);
    execFileSync(process.execPath, [legacyGenerator(), '--out', dataDir, '--scale', scale, '--seed', seed, '--force'], { stdio: 'inherit' });
  }
  return dataDir;
}
