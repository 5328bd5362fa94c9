import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unreachableAncestor } from './embedded-postgres-as-root';

// Ids nobody on the machine owns files under, standing in for the `postgres` user. The tests run as
// whoever runs Vitest, so "owner" and "group" cases use that process's own ids instead of chown.
const STRANGER = { uid: 4_000_001, gid: 4_000_001 };
const OWNER = { uid: process.getuid!(), gid: STRANGER.gid };
const GROUP_MEMBER = { uid: STRANGER.uid, gid: process.getgid!() };

let root: string;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'pend-embedded-pg-'));
  chmodSync(root, 0o755);
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function folder(relative: string, mode: number): string {
  const dir = path.join(root, relative);
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, mode);
  return dir;
}

describe('unreachableAncestor', () => {
  it('returns null when every directory above the data folder is searchable by others (755)', async () => {
    folder('checkout/.data', 0o755);
    expect(await unreachableAncestor(path.join(root, 'checkout/.data/postgres'), STRANGER)).toBeNull();
  });

  it('names a mktemp-style 700 checkout as blocking the data folder inside it', async () => {
    const checkout = folder('checkout', 0o700);
    folder('checkout/.data', 0o755);
    expect(await unreachableAncestor(path.join(checkout, '.data/postgres'), STRANGER)).toEqual({ dir: checkout, mode: 0o700, grant: 'o+x' });
  });

  it('reports the blocking directory nearest the root when several block', async () => {
    const outer = folder('outer', 0o700);
    folder('outer/inner', 0o700);
    expect(await unreachableAncestor(path.join(outer, 'inner/postgres'), STRANGER)).toMatchObject({ dir: outer });
  });

  it('does not require the data folder itself to exist or be searchable (initdb creates and chowns it)', async () => {
    folder('checkout/.data/postgres', 0o700);
    expect(await unreachableAncestor(path.join(root, 'checkout/.data/postgres'), STRANGER)).toBeNull();
  });

  it('treats a not-yet-created postgres user (undefined) as owning nothing', async () => {
    const checkout = folder('checkout', 0o700);
    expect(await unreachableAncestor(path.join(checkout, 'postgres'), undefined)).toMatchObject({ dir: checkout, grant: 'o+x' });
  });

  it('lets the owner through a 700 directory it owns', async () => {
    folder('checkout', 0o700);
    expect(await unreachableAncestor(path.join(root, 'checkout/postgres'), OWNER)).toBeNull();
  });

  it('blocks the owner of a 071 directory although group and others may enter (only the owner bits apply to it)', async () => {
    const checkout = folder('checkout', 0o071);
    expect(await unreachableAncestor(path.join(checkout, 'postgres'), OWNER)).toEqual({ dir: checkout, mode: 0o071, grant: 'u+x' });
  });

  it('lets a member of the directory group through a 750 directory', async () => {
    folder('checkout', 0o750);
    expect(await unreachableAncestor(path.join(root, 'checkout/postgres'), GROUP_MEMBER)).toBeNull();
  });

  it('blocks a group member of a 705 directory and asks for g+x, since the other bits do not apply to it', async () => {
    const checkout = folder('checkout', 0o705);
    expect(await unreachableAncestor(path.join(checkout, 'postgres'), GROUP_MEMBER)).toEqual({ dir: checkout, mode: 0o705, grant: 'g+x' });
  });

  it('follows a symlinked ancestor and reports the 700 directory it points into', async () => {
    const hidden = folder('private', 0o700);
    folder('private/data', 0o755);
    symlinkSync(path.join(hidden, 'data'), path.join(root, 'link'));
    expect(await unreachableAncestor(path.join(root, 'link/postgres'), STRANGER)).toMatchObject({ dir: hidden });
  });
});
