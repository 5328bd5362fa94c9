import 'server-only';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { env } from '@/lib/env';

const DATA_DIR = path.resolve('.data');

function fileText(name: string): string | undefined {
  const file = path.join(DATA_DIR, name);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

/**
 * The secrets this process runs with that were generated into .data/ for evaluation rather than
 * configured: `npm start` passes a generated AUTH_SECRET and PII keys on in the environment, so "set"
 * is not enough; a value equal to the generated file's is what gives it away.
 */
export function generatedSecretNames(): string[] {
  const config = env();
  const names: string[] = [];
  const authSecret = fileText('auth-secret');
  if (!config.AUTH_SECRET || config.AUTH_SECRET === authSecret) names.push('AUTH_SECRET');
  const piiText = fileText('pii-keys.json');
  const pii = piiText ? (JSON.parse(piiText) as { keys?: string; hmacKey?: string }) : undefined;
  if (!config.PII_KEYS || config.PII_KEYS === pii?.keys) names.push('PII_KEYS');
  if (!config.PII_HMAC_KEY || config.PII_HMAC_KEY === pii?.hmacKey) names.push('PII_HMAC_KEY');
  if (!config.ADMIN_SECRET_KEY || config.ADMIN_SECRET_KEY === fileText('admin-secret-key')) names.push('ADMIN_SECRET_KEY');
  if (!config.AUDIT_ANCHOR_KEY || config.AUDIT_ANCHOR_KEY === fileText('audit-anchor-key')) names.push('AUDIT_ANCHOR_KEY');
  return names;
}
