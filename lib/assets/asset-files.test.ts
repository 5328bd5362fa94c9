import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { storedFileResponse } from './asset-files';
import { isStoredUpload } from './stored-upload';

vi.mock('server-only', () => ({}));

const dir = mkdtempSync(path.join(os.tmpdir(), 'pend-asset-files-'));
// Set before anything reads the environment (env() parses it once).
process.env.LEGACY_DATA_DIR = dir;

beforeAll(async () => {
  mkdirSync(path.join(dir, 'uploads/assets/docs'), { recursive: true });
  const legacyImage = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#3366aa' } })
    .jpeg()
    .toBuffer();
  writeFileSync(path.join(dir, 'uploads/assets/opp_1720894787960.jpg'), legacyImage);
  writeFileSync(path.join(dir, 'uploads/assets/docs/opp_1720894787960_1.pdf'), '%PDF-1.4\n%%EOF\n');
  writeFileSync(path.join(dir, 'uploads/assets/disguised.jpg'), '<script>alert(1)</script>');
});

describe('stored asset files', () => {
  it('accepts only server-made names below the upload folders, including the legacy docs folder', () => {
    expect(isStoredUpload('uploads/assets/opp_1720894787960.jpg')).toBe(true);
    expect(isStoredUpload('uploads/assets/docs/opp_1720894787960_1.pdf')).toBe(true);
    for (const outside of [
      'uploads/assets/../../etc/passwd.jpg',
      '/etc/passwd',
      'uploads/kyc/x.jpg',
      'uploads/assets/a b.jpg',
      'https://x.example/a.jpg',
      null,
    ]) {
      expect(isStoredUpload(outside), String(outside)).toBe(false);
    }
  });

  it('makes a 96 px WebP icon from a full-size legacy image that has no stored thumbnail', async () => {
    const response = await storedFileResponse('uploads/assets/opp_1720894787960.jpg', { resize: 'icon' });
    expect(response.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 96, 96]);
  });

  it('makes the page thumbnail at 480×320 and serves the original untouched without a size', async () => {
    const thumbnail = await storedFileResponse('uploads/assets/opp_1720894787960.jpg', { resize: 'thumbnail' });
    const meta = await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([480, 320]);
    const original = await storedFileResponse('uploads/assets/opp_1720894787960.jpg');
    expect(original.headers.get('content-type')).toBe('image/jpeg');
    expect((await sharp(Buffer.from(await original.arrayBuffer())).metadata()).width).toBe(1200);
  });

  it('serves a legacy legal document as a sandboxed, nosniff download', async () => {
    const response = await storedFileResponse('uploads/assets/docs/opp_1720894787960_1.pdf', { download: 'Offering Memorandum.pdf' });
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="Offering Memorandum.pdf"');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('refuses a file whose content is not an image or a PDF, whatever its name, and a missing file', async () => {
    await expect(storedFileResponse('uploads/assets/disguised.jpg', { resize: 'icon' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(storedFileResponse('uploads/assets/gone.jpg')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
