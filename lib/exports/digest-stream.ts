import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/** Passes bytes through unchanged while hashing (SHA-256) and counting them: the file's fingerprint as it left the server. */
export class DigestStream extends Transform {
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private result: { sha256: string; sizeBytes: number } | null = null;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.result = { sha256: this.hash.digest('hex'), sizeBytes: this.bytes };
    callback();
  }

  /** The hash and size, once every byte written has passed (after 'finish'). */
  get digest(): { sha256: string; sizeBytes: number } {
    if (!this.result) throw new Error('The file is not complete yet.');
    return this.result;
  }
}
