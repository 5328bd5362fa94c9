import type { EntityManager } from '@mikro-orm/postgresql';
import { env } from '@/lib/env';
import { LegacyApiError } from '../legacy-api-error';
import { consumeBudget } from '../rate-limit';

const HOUR_MS = 3_600_000;

/**
 * The public upload's own budgets, on top of the API-wide limit: a caller may not flood one
 * identity's application (whoever sends), nor send many applications from one address.
 */
export async function consumeKycUploadBudgets(identityHash: string, ip: string | null): Promise<void> {
  const config = env();
  const [perIdentity, perAddress] = await Promise.all([
    consumeBudget('kyc-upload-identity', identityHash, { limit: config.KYC_UPLOADS_PER_IDENTITY_PER_HOUR, windowMs: HOUR_MS }),
    consumeBudget('kyc-upload-ip', ip ?? 'unknown', { limit: config.KYC_UPLOADS_PER_IP_PER_HOUR, windowMs: HOUR_MS }),
  ]);
  if (!perIdentity.allowed || !perAddress.allowed) throw new LegacyApiError(429, 'Too many uploads, please try again later.');
}

/**
 * Counts `bytes` against the identity's lifetime upload allowance, or refuses with 413 when it would
 * pass KYC_UPLOAD_MAX_BYTES_PER_IDENTITY. One conditional upsert: concurrent uploads cannot pass the
 * cap together. Replaced files stay on disk (they are the review history), so they keep counting.
 */
export async function reserveKycUploadBytes(em: EntityManager, identityHash: string, bytes: number): Promise<void> {
  const cap = env().KYC_UPLOAD_MAX_BYTES_PER_IDENTITY;
  if (bytes > cap) throw capReached(cap);
  const rows = await em.execute<Array<{ bytes: string }>>(
    `INSERT INTO kyc_upload_usage AS usage (identity_hash, bytes, files) VALUES (?, ?, 1)
     ON CONFLICT (identity_hash) DO UPDATE SET bytes = usage.bytes + EXCLUDED.bytes, files = usage.files + 1, last_upload_at = now()
      WHERE usage.bytes + EXCLUDED.bytes <= ?
     RETURNING bytes`,
    [identityHash, bytes, cap],
  );
  if (!rows.length) throw capReached(cap);
}

function capReached(cap: number): LegacyApiError {
  return new LegacyApiError(413, `Upload limit reached: at most ${Math.round(cap / 1024 / 1024)} MB of documents per user`);
}
