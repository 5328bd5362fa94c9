import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';

/** How long a signed document link works. */
export const DOCUMENT_LINK_SECONDS = 5 * 60;

export const DOCUMENT_DISPOSITIONS = ['inline', 'attachment'] as const;
export type DocumentDisposition = (typeof DOCUMENT_DISPOSITIONS)[number];

export type DocumentLinkClaims = { documentId: string; viewerId: string; expires: number; disposition: DocumentDisposition };

/** The link key: derived from AUTH_SECRET for this one purpose, so a link signature is never a session signature. */
function linkKey(secret: string | undefined = env().AUTH_SECRET): Buffer {
  if (!secret) throw new AppError('UNAVAILABLE', 'Document links need AUTH_SECRET to be configured.');
  return Buffer.from(hkdfSync('sha256', secret, 'pend-admin', 'kyc-document-link', 32));
}

function signatureOf(claims: DocumentLinkClaims, key: Buffer): string {
  return createHmac('sha256', key).update(`${claims.documentId}\n${claims.viewerId}\n${claims.expires}\n${claims.disposition}`).digest('base64url');
}

/** The route path of a document, signed for one viewer until `now + 5 minutes`. */
export function signDocumentLink(
  input: { documentId: string; viewerId: string; disposition?: DocumentDisposition },
  options: { now?: number; secret?: string } = {},
): string {
  const claims: DocumentLinkClaims = {
    documentId: input.documentId,
    viewerId: input.viewerId,
    expires: Math.floor((options.now ?? Date.now()) / 1000) + DOCUMENT_LINK_SECONDS,
    disposition: input.disposition ?? 'inline',
  };
  const signature = signatureOf(claims, linkKey(options.secret));
  const params = new URLSearchParams({ expires: String(claims.expires), disposition: claims.disposition, signature });
  return `/api/kyc-review/documents/${claims.documentId}?${params.toString()}`;
}

export const documentLinkQuerySchema = z.object({
  expires: z.coerce.number().int().positive(),
  disposition: z.enum(DOCUMENT_DISPOSITIONS),
  signature: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});

/**
 * Checks a link's signature for the viewer presenting it: a link that ran out, was altered in any part,
 * or was signed for another reviewer is FORBIDDEN (the route answers 403), without saying which.
 */
export function verifyDocumentLink(
  documentId: string,
  viewerId: string,
  query: Record<string, string | null | undefined>,
  options: { now?: number; secret?: string } = {},
): DocumentLinkClaims {
  const refused = new AppError('FORBIDDEN', 'This document link has expired or is not valid for you. Open the document from its case again.');
  const parsed = documentLinkQuerySchema.safeParse(query);
  if (!parsed.success) throw refused;
  const claims: DocumentLinkClaims = { documentId, viewerId, expires: parsed.data.expires, disposition: parsed.data.disposition };
  const expected = Buffer.from(signatureOf(claims, linkKey(options.secret)));
  const given = Buffer.from(parsed.data.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw refused;
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  if (claims.expires <= now || claims.expires > now + DOCUMENT_LINK_SECONDS) throw refused;
  return claims;
}
