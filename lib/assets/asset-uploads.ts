import 'server-only';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import sharp from 'sharp';
import type { AuditContext } from '@/lib/audit/audit-context';
import { AppError } from '@/lib/errors';
import { FILE_KINDS, type FileKind } from '@/lib/legacy-api/route-spec';
import { storeUpload } from '@/lib/legacy-api/stored-file';
import { sniffFileKind } from '@/lib/legacy-api/uploads';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
const IMAGE_KINDS = ['jpeg', 'png', 'webp'] as const satisfies readonly FileKind[];
type ImageKind = (typeof IMAGE_KINDS)[number];
// A decompression bomb (a small file that decodes to gigapixels) is refused before it is decoded.
const MAX_INPUT_PIXELS = 40_000_000;
const THUMBNAIL = { width: 480, height: 320 } as const;

type UploadContext = { em: EntityManager; audit: AuditContext };

const isImageKind = (kind: FileKind | null): kind is ImageKind => kind !== null && (IMAGE_KINDS as readonly string[]).includes(kind);
const uniqueName = (prefix: string) => `${prefix}_${Date.now()}_${randomBytes(4).toString('hex')}`;
/** A client's file name, kept for display only: no control characters, no path, at most 200 characters. */
const displayName = (name: string) =>
  (name.split(/[\\/]/).pop() ?? '')
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, 200) || 'document.pdf';

/**
 * An image as it will be stored: its kind proved by its first bytes (never its name or declared type),
 * decoded and re-encoded in the same format, which drops EXIF, GPS, XMP and ICC metadata (the
 * orientation is applied to the pixels first), plus a WebP thumbnail for the grid and the page.
 */
export async function processAssetImage(bytes: Buffer): Promise<{ kind: ImageKind; image: Buffer; thumbnail: Buffer; width: number; height: number }> {
  if (bytes.length > MAX_IMAGE_BYTES) throw new AppError('VALIDATION', 'The image is larger than 5 MB.', { image: ['The image is larger than 5 MB.'] });
  const kind = sniffFileKind(bytes);
  if (!isImageKind(kind)) {
    const message = 'The file is not a JPEG, PNG or WebP image (checked by its content, not its name).';
    throw new AppError('VALIDATION', message, { image: [message] });
  }
  try {
    const decoded = sharp(bytes, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS }).rotate();
    const encoder = {
      jpeg: () => decoded.clone().jpeg({ quality: 85, mozjpeg: true }),
      png: () => decoded.clone().png(),
      webp: () => decoded.clone().webp({ quality: 85 }),
    };
    const { data: image, info } = await encoder[kind]().toBuffer({ resolveWithObject: true });
    const thumbnail = await decoded
      .clone()
      .resize({ ...THUMBNAIL, fit: 'cover' })
      .webp({ quality: 80 })
      .toBuffer();
    return { kind, image, thumbnail, width: info.width, height: info.height };
  } catch {
    const message = 'The image could not be read: it is damaged or too large (at most 40 megapixels).';
    throw new AppError('VALIDATION', message, { image: [message] });
  }
}

/** Stores a processed image and its thumbnail below the legacy data folder (audited with their SHA-256); the wizard keeps `image` and `thumbnailId`. */
export async function uploadAssetImage(context: UploadContext, file: { name: string; bytes: Buffer }) {
  const processed = await processAssetImage(file.bytes);
  const thumbnailId = uniqueName('img');
  const { mimeType, extension } = FILE_KINDS[processed.kind];
  const caller = { em: context.em, caller: { audit: context.audit } };
  const stored = await storeUpload(caller, {
    folder: 'uploads/assets',
    fileName: `${thumbnailId}.${extension}`,
    file: { originalName: displayName(file.name), declaredType: mimeType, size: processed.image.length, bytes: processed.image, kind: processed.kind },
    action: 'ASSET_IMAGE_UPLOADED',
  });
  await storeUpload(caller, {
    folder: 'uploads/assets',
    fileName: `${thumbnailId}_thumb.webp`,
    file: { originalName: `${thumbnailId}_thumb.webp`, declaredType: 'image/webp', size: processed.thumbnail.length, bytes: processed.thumbnail, kind: 'webp' },
    action: 'ASSET_IMAGE_UPLOADED',
  });
  return { image: stored.relativePath, thumbnailId, width: processed.width, height: processed.height, size: processed.image.length };
}

/** Stores a legal document after proving it is a PDF by its content; the wizard adds the returned entry to `legalDocuments`. */
export async function uploadAssetDocument(context: UploadContext, file: { name: string; bytes: Buffer }) {
  if (file.bytes.length > MAX_DOCUMENT_BYTES)
    throw new AppError('VALIDATION', 'The document is larger than 20 MB.', { legalDocuments: ['The document is larger than 20 MB.'] });
  if (sniffFileKind(file.bytes) !== 'pdf') {
    const message = 'The file is not a PDF (checked by its content, not its name).';
    throw new AppError('VALIDATION', message, { legalDocuments: [message] });
  }
  const name = displayName(file.name);
  const stored = await storeUpload(
    { em: context.em, caller: { audit: context.audit } },
    {
      folder: 'uploads/documents',
      fileName: `${uniqueName('doc')}.pdf`,
      file: { originalName: name, declaredType: FILE_KINDS.pdf.mimeType, size: file.bytes.length, bytes: file.bytes, kind: 'pdf' },
      action: 'ASSET_DOC_UPLOADED',
    },
  );
  return { name, type: FILE_KINDS.pdf.mimeType, size: file.bytes.length, url: stored.relativePath };
}
