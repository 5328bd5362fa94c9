import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertPostgresUserCanReach, unreachableAncestor } from './embedded-postgres';

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

describe('assertPostgresUserCanReach', () => {
  it('passes when programs and data folder are both reachable', async () => {
    const bin = folder('node_modules/pg/native/bin', 0o755);
    folder('data', 0o755);
    await expect(
      assertPostgresUserCanReach({ databaseDir: path.join(root, 'data/postgres'), postgresBinary: path.join(bin, 'postgres'), user: STRANGER }),
    ).resolves.toBeUndefined();
  });

  it('names the blocking directory, its mode and the remedies when the data folder is unreachable', async () => {
    const bin = folder('node_modules/pg/native/bin', 0o755);
    folder('checkout/.data', 0o755);
    const checkout = folder('checkout', 0o700);
    const databaseDir = path.join(checkout, '.data/postgres');
    await expect(assertPostgresUserCanReach({ databaseDir, postgresBinary: path.join(bin, 'postgres'), user: STRANGER })).rejects.toThrow(
      `Embedded PostgreSQL runs as the 'postgres' user (we are root), which cannot enter ${checkout} (mode 700) ` +
        `on the way to its data folder ${databaseDir}. Run \`chmod o+x ${checkout}\`, set DATABASE_URL to use another ` +
        `PostgreSQL server, or set EMBEDDED_PG_DIR (TMPDIR for the test and benchmark servers) to a folder it can reach.`,
    );
  });

  it('does not suggest EMBEDDED_PG_DIR when the programs under node_modules are unreachable (moving the data would not help)', async () => {
    const checkout = folder('checkout', 0o700);
    const bin = folder('checkout/node_modules/pg/native/bin', 0o755);
    folder('data', 0o755);
    const failure = assertPostgresUserCanReach({ databaseDir: path.join(root, 'data/postgres'), postgresBinary: path.join(bin, 'postgres'), user: STRANGER });
    await expect(failure).rejects.toThrow(
      `cannot enter ${checkout} (mode 700) on the way to its programs in ${bin}. Run \`chmod o+x ${checkout}\` or set DATABASE_URL`,
    );
    await expect(failure).rejects.not.toThrow('EMBEDDED_PG_DIR');
  });

  it('quotes a directory with spaces in the suggested chmod command', async () => {
    const checkout = folder("my checkout's copy", 0o700);
    const bin = folder('bin', 0o755);
    await expect(
      assertPostgresUserCanReach({ databaseDir: path.join(checkout, 'postgres'), postgresBinary: path.join(bin, 'postgres'), user: STRANGER }),
    ).rejects.toThrow(`Run \`chmod o+x '${root}/my checkout'\\''s copy'\``);
  });
});
