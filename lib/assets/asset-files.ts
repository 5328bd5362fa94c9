import 'server-only';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { FILE_KINDS } from '@/lib/legacy-api/route-spec';
import { sniffFileKind } from '@/lib/legacy-api/uploads';

/** Only files the uploads wrote (a server-made name below `uploads/assets` or `uploads/documents`) are ever read back. */
const STORED_UPLOAD = /^uploads\/(assets|documents)\/[A-Za-z0-9_-]{1,120}\.(jpg|png|webp|pdf)$/;

export function isStoredUpload(relativePath: unknown): relativePath is string {
  return typeof relativePath === 'string' && STORED_UPLOAD.test(relativePath);
}

/**
 * A stored asset file as an HTTP response: its type from its content (never its name), served so a
 * browser cannot run it as a page (a sandboxing CSP, nosniff), and a PDF offered as a download.
 */
export async function storedFileResponse(relativePath: string, { download }: { download?: string } = {}): Promise<Response> {
  const dataDir = env().LEGACY_DATA_DIR;
  if (!dataDir) throw new AppError('UNAVAILABLE', 'Files need LEGACY_DATA_DIR: the legacy data folder is not configured.');
  if (!isStoredUpload(relativePath)) throw new AppError('NOT_FOUND', 'No stored file.');
  let bytes: Buffer;
  try {
    bytes = await readFile(path.join(dataDir, relativePath));
  } catch {
    throw new AppError('NOT_FOUND', 'The file is no longer in the legacy data folder.');
  }
  const kind = sniffFileKind(bytes);
  if (!kind) throw new AppError('NOT_FOUND', 'The stored file is not an image or a PDF.');
  const headers: Record<string, string> = {
    'Content-Type': FILE_KINDS[kind].mimeType,
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, max-age=300',
  };
  if (download) headers['Content-Disposition'] = `attachment; filename="${download.replace(/[^A-Za-z0-9._ -]/g, '_')}"`;
  return new Response(new Uint8Array(bytes), { headers });
}
