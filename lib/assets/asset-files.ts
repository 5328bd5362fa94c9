import 'server-only';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { LRUCache } from 'lru-cache';
import sharp from 'sharp';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { FILE_KINDS } from '@/lib/legacy-api/route-spec';
import { sniffFileKind } from '@/lib/legacy-api/uploads';
import { isStoredUpload } from './stored-upload';

// Grid thumbnails made on the fly for images the legacy server stored without one, kept per file
// version (path, size, mtime) so a page of 50 rows does not decode 50 full-size images each time.
const madeThumbnails = new LRUCache<string, Buffer>({ max: 1_000, maxSize: 32 * 1024 * 1024, sizeCalculation: (bytes) => bytes.length });
const MADE_SIZES = { icon: { width: 96, height: 96 }, thumbnail: { width: 480, height: 320 } } as const;
export type MadeImageSize = keyof typeof MADE_SIZES;

async function makeThumbnail(file: string, bytes: Buffer, size: MadeImageSize): Promise<Buffer | null> {
  const info = await stat(file);
  const key = `${file}:${info.size}:${info.mtimeMs}:${size}`;
  const cached = madeThumbnails.get(key);
  if (cached) return cached;
  try {
    const thumbnail = await sharp(bytes, { failOn: 'error', limitInputPixels: 40_000_000 })
      .rotate()
      .resize({ ...MADE_SIZES[size], fit: 'cover' })
      .webp({ quality: 75 })
      .toBuffer();
    madeThumbnails.set(key, thumbnail);
    return thumbnail;
  } catch {
    return null;
  }
}

/** Whether a stored upload a record names is still in the legacy data folder (the page warns when it is not). */
export async function storedFileExists(relativePath: string): Promise<boolean> {
  const dataDir = env().LEGACY_DATA_DIR;
  if (!dataDir || !isStoredUpload(relativePath)) return false;
  return stat(path.join(dataDir, relativePath)).then(
    (found) => found.isFile(),
    () => false,
  );
}

/**
 * A stored asset file as an HTTP response: its type from its content (never its name), served so a
 * browser cannot run it as a page (a sandboxing CSP, nosniff), and a PDF offered as a download. With
 * `resize`, an image is answered by a smaller WebP made from it: the grid's icon, or the page's
 * thumbnail for an image the upload made none for (every legacy image).
 */
export async function storedFileResponse(relativePath: string, { download, resize }: { download?: string; resize?: MadeImageSize } = {}): Promise<Response> {
  const dataDir = env().LEGACY_DATA_DIR;
  if (!dataDir) throw new AppError('UNAVAILABLE', 'Files need LEGACY_DATA_DIR: the legacy data folder is not configured.');
  if (!isStoredUpload(relativePath)) throw new AppError('NOT_FOUND', 'No stored file.');
  const file = path.join(dataDir, relativePath);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new AppError('NOT_FOUND', 'The file is no longer in the legacy data folder.');
  }
  let kind = sniffFileKind(bytes);
  if (!kind) throw new AppError('NOT_FOUND', 'The stored file is not an image or a PDF.');
  if (resize && kind !== 'pdf') {
    const made = await makeThumbnail(file, bytes, resize);
    if (!made) throw new AppError('NOT_FOUND', 'The stored image could not be read.');
    bytes = made;
    kind = 'webp';
  }
  const headers: Record<string, string> = {
    'Content-Type': FILE_KINDS[kind].mimeType,
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, max-age=300',
  };
  if (download) headers['Content-Disposition'] = `attachment; filename="${download.replace(/[^A-Za-z0-9._ -]/g, '_')}"`;
  return new Response(new Uint8Array(bytes), { headers });
}
