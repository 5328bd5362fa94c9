import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { create as createTar, list as listTar } from 'tar';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '@/lib/private-files';

export type BackupFileEntry = { path: string; sizeBytes: number; sha256: string };
export type BackupManifest = { createdAt: string; sourceDir: string; archive: string; archiveSha256: string; files: BackupFileEntry[] };
export type BackupVerification = { ok: boolean; checked: number; problems: string[] };

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function listFiles(root: string, relative = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, relative), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const child = path.posix.join(relative, entry.name);
      if (entry.isDirectory()) return listFiles(root, child);
      return entry.isFile() ? [child] : [];
    }),
  );
  return nested.flat().sort();
}

/**
 * Archives the legacy folder before a run touches anything: `<name>.tar.gz` plus `<name>.manifest.json`
 * listing every file's size and SHA-256, and the archive's own SHA-256.
 */
export async function createBackup(sourceDir: string, backupDir: string, name: string): Promise<BackupManifest> {
  await mkdir(backupDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const files = await listFiles(sourceDir);
  const archive = path.join(backupDir, `${name}.tar.gz`);
  await createTar({ gzip: { level: 1 }, file: archive, cwd: sourceDir, portable: true }, files);
  await chmod(archive, PRIVATE_FILE_MODE);
  const entries = await Promise.all(
    files.map(async (file) => ({ path: file, sizeBytes: (await stat(path.join(sourceDir, file))).size, sha256: await sha256File(path.join(sourceDir, file)) })),
  );
  const manifest: BackupManifest = {
    createdAt: new Date().toISOString(),
    sourceDir: path.resolve(sourceDir),
    archive: path.resolve(archive),
    archiveSha256: await sha256File(archive),
    files: entries,
  };
  await writeFile(path.join(backupDir, `${name}.manifest.json`), `${JSON.stringify(manifest, null, 2)}\n`, { mode: PRIVATE_FILE_MODE });
  return manifest;
}

/** Re-reads an archive and checks it against its manifest: archive hash, and every file's size and SHA-256. */
export async function verifyBackup(manifestPath: string): Promise<BackupVerification> {
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as BackupManifest;
  const problems: string[] = [];
  const archiveSha256 = await sha256File(manifest.archive).catch(() => null);
  if (archiveSha256 !== manifest.archiveSha256) problems.push(`archive ${manifest.archive}: SHA-256 differs from the manifest`);
  const expected = new Map(manifest.files.map((file) => [file.path, file]));
  const seen = new Set<string>();
  if (archiveSha256) {
    const pending: Array<Promise<void>> = [];
    await listTar({
      file: manifest.archive,
      onReadEntry: (entry) => {
        const hash = createHash('sha256');
        let size = 0;
        const filePath = entry.path;
        pending.push(
          new Promise<void>((resolve) => {
            entry.on('data', (chunk: Buffer) => {
              hash.update(chunk);
              size += chunk.length;
            });
            entry.on('end', () => {
              seen.add(filePath);
              const want = expected.get(filePath);
              if (!want) problems.push(`${filePath}: in the archive but not in the manifest`);
              else if (want.sizeBytes !== size || want.sha256 !== hash.digest('hex')) problems.push(`${filePath}: content differs from the manifest`);
              resolve();
            });
          }),
        );
      },
    });
    await Promise.all(pending);
    for (const file of expected.keys()) if (!seen.has(file)) problems.push(`${file}: listed in the manifest but missing from the archive`);
  }
  return { ok: problems.length === 0, checked: seen.size, problems };
}
