import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const RELATIVE = path.join('shared', 'legacy-gen', 'generate.mjs');

/**
 * The shared deterministic legacy-data generator, called where it lives and never copied: beside
 * the project root (`../shared/`, as in CI and in a working tree). A clone of a local checkout made
 * elsewhere (a scratch folder) has no `../shared/`; its origin, the checkout it came from, does.
 * Commands run from the project root.
 */
function locateGenerator(): string {
  const besideRoot = path.resolve('..', RELATIVE);
  if (existsSync(besideRoot)) return besideRoot;
  const origin = localOrigin();
  const besideOrigin = origin ? path.resolve(origin, '..', RELATIVE) : null;
  if (besideOrigin && existsSync(besideOrigin)) return besideOrigin;
  throw new Error(
    `The legacy-gen generator was not found at ${besideRoot}${besideOrigin ? ` nor at ${besideOrigin}` : ''}: put the shared/ folder beside the project.`,
  );
}

function localOrigin(): string | null {
  try {
    const url = execFileSync('git', ['config', '--get', 'remote.origin.url'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return url && path.isAbsolute(url) ? url : null;
  } catch {
    return null;
  }
}

let located: string | null = null;

/** Path of `generate.mjs`, located once. */
export function legacyGenerator(): string {
  located ??= locateGenerator();
  return located;
}
