import { describe, expect, it } from 'vitest';
import { LegacyApiError } from './legacy-api-error';
import { readBodyCapped, sniffFileKind } from './uploads';

describe('sniffFileKind', () => {
  it('knows JPEG, PNG and PDF by their first bytes, whatever the name says', () => {
    expect(sniffFileKind(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffFileKind(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('png');
    expect(sniffFileKind(Buffer.from('%PDF-1.4\n'))).toBe('pdf');
    expect(sniffFileKind(Buffer.from('GIF89a'))).toBeNull();
    expect(sniffFileKind(Buffer.alloc(0))).toBeNull();
  });
});

describe('readBodyCapped', () => {
  it('refuses a declared Content-Length over the limit before reading anything', async () => {
    const request = new Request('http://localhost/', { method: 'POST', body: 'x'.repeat(10), headers: { 'content-length': '999999' } });
    await expect(readBodyCapped(request, 100)).rejects.toMatchObject({ status: 413 });
  });

  it('counts a streamed body and stops at the limit', async () => {
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(64));
      },
    });
    const request = new Request('http://localhost/', { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    await expect(readBodyCapped(request, 1_000)).rejects.toBeInstanceOf(LegacyApiError);
    const small = new Request('http://localhost/', { method: 'POST', body: 'hello' });
    expect((await readBodyCapped(small, 1_000)).toString()).toBe('hello');
  });
});
