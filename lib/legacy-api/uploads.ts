import { refuseNulCharacters } from '@/lib/input-guards';
import { LegacyApiError } from './legacy-api-error';
import { FILE_KINDS, type FileKind, type MultipartSpec, type UploadedFile } from './route-spec';

export type { MultipartInput, UploadedFile } from './route-spec';

// Multipart framing (boundaries, part headers, the other fields) on top of the file itself.
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/** The kind a file's first bytes prove, whatever its name or declared type says. */
export function sniffFileKind(bytes: Buffer): FileKind | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.length >= 5 && bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (bytes.length >= 12 && bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp';
  return null;
}

/**
 * Reads a request body, refusing it with 413 as soon as it passes `maxBytes`: the declared
 * Content-Length is checked first, and a chunked body is counted while it streams, so an oversize
 * upload is never held in memory whole.
 */
export async function readBodyCapped(request: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function tooLarge(maxBytes: number): LegacyApiError {
  return new LegacyApiError(413, `File too large: the limit is ${Math.round(maxBytes / 1024 / 1024)} MB`);
}

/** Parses a multipart upload: 415 for anything but multipart/form-data or a file of another kind, 413 over the limit. */
export async function parseMultipart<Body>(request: Request, spec: MultipartSpec<Body>): Promise<Body> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
    throw new LegacyApiError(415, 'Content-Type must be multipart/form-data');
  }
  const raw = await readBodyCapped(request, spec.maxFileBytes + MULTIPART_OVERHEAD_BYTES);
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new LegacyApiError(400, 'Malformed multipart body');
  }
  const file = spec.fileFields.map((name) => form.get(name)).find((value): value is File => typeof value === 'object' && value !== null);
  if (!file) throw new LegacyApiError(400, `No file uploaded (expected field "${spec.fileFields[0]}")`);
  if (file.size > spec.maxFileBytes) throw tooLarge(spec.maxFileBytes);
  const bytes = Buffer.from(await file.arrayBuffer());
  const kind = sniffFileKind(bytes);
  if (!kind || !spec.kinds.includes(kind)) {
    throw new LegacyApiError(415, `Unsupported file type: expected ${spec.kinds.map((allowed) => FILE_KINDS[allowed].extension.toUpperCase()).join(' or ')}`);
  }
  const fields = Object.fromEntries([...form.entries()].filter(([, value]) => typeof value === 'string'));
  refuseNulCharacters(fields, file.name);
  const uploaded: UploadedFile = { originalName: file.name, declaredType: file.type, size: bytes.length, bytes, kind };
  return spec.schema.parse({ fields, file: uploaded });
}
