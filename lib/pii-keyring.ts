import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateKeyringText, parseKeyring, type PiiKeyring } from '@/lib/crypto';
import { env } from '@/lib/env';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '@/lib/private-files';

const DEV_KEY_FILE = path.resolve('.data', 'pii-keys.json');

/**
 * Outside production, missing PII keys are generated once into .data/ (like the auth secret), so a
 * fresh clone works and restarts can still decrypt. Production requires them in the environment.
 */
export function piiKeyText(): { keys: string; hmacKey: string } {
  const config = env();
  if (config.PII_KEYS && config.PII_HMAC_KEY) return { keys: config.PII_KEYS, hmacKey: config.PII_HMAC_KEY };
  if (existsSync(DEV_KEY_FILE)) return JSON.parse(readFileSync(DEV_KEY_FILE, 'utf8')) as { keys: string; hmacKey: string };
  mkdirSync(path.dirname(DEV_KEY_FILE), { recursive: true, mode: PRIVATE_DIR_MODE });
  const generated = generateKeyringText();
  writeFileSync(DEV_KEY_FILE, JSON.stringify(generated), { mode: PRIVATE_FILE_MODE });
  return generated;
}

let cached: PiiKeyring | undefined;

export function piiKeyring(): PiiKeyring {
  if (!cached) {
    const { keys, hmacKey } = piiKeyText();
    cached = parseKeyring(keys, hmacKey);
  }
  return cached;
}
