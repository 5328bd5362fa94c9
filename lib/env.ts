import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * The one place that reads `process.env`. Every variable the app understands is declared here and in
 * `.env.example`; a missing or malformed one stops the process with a message that names it.
 */
const booleanFlag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1');

/** A flag that is on unless set to `false` or `0`. */
const booleanFlagOn = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((value) => value !== 'false' && value !== '0');

function isAddressOrCidr(entry: string): boolean {
  const [address, prefix, extra] = entry.split('/');
  const version = isIP(address);
  if (!version || extra !== undefined) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
}

const optionalUrl = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined))
  .pipe(z.url({ message: 'must be a URL' }).optional());

/** A comma-separated list variable: each entry trimmed, empty entries dropped, each checked by `item`. */
function commaSeparated<Item extends z.ZodType<string, string>>(defaultValue: string, item: Item) {
  return z
    .string()
    .default(defaultValue)
    .transform((value) =>
      value
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));
}

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3002),
  DATABASE_URL: optionalUrl,
  DATABASE_SSL: booleanFlag,
  DATABASE_POOL_MIN: z.coerce.number().int().min(0).default(2),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).default(20),
  DATABASE_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
  DATABASE_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  DATABASE_APP_ROLE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a plain PostgreSQL role name (or empty to disable)')
    .or(z.literal(''))
    .default('pend_app'),
  /** The app's own login; unset, it is derived from DATABASE_URL (decision 061). */
  DATABASE_APP_URL: optionalUrl,
  DATABASE_DEBUG: booleanFlag,
  EMBEDDED_PG_DIR: z.string().min(1).default('.data/postgres'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65_535).default(54_329),
  REDIS_URL: optionalUrl,
  /** Namespace of every Redis key (cache, rate limits, login throttle); a test run uses one of its own so runs sharing a Redis never see each other's counters. */
  REDIS_KEY_PREFIX: z.string().min(1).default('pend-admin:'),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  AUTH_URL: optionalUrl,
  ADMIN_EMAIL: z.email({ message: 'must be an email address' }).optional(),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  PII_KEYS: z
    .string()
    .regex(/^[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+)*$/, 'must be "keyId:base64key[,keyId:base64key…]"')
    .optional(),
  PII_HMAC_KEY: z.string().min(43, 'must be 32+ bytes, base64').optional(),
  /** Signs the audit chain head written to BACKUP_DIR/audit-anchors.log (decision 062). */
  AUDIT_ANCHOR_KEY: z.string().min(43, 'must be 32+ bytes, base64').optional(),
  AUDIT_ANCHOR_INTERVAL_SECONDS: z.coerce.number().int().min(10).default(300),
  STORAGE_MODE: z.enum(['json-primary', 'pg-primary']).default('json-primary'),
  LEGACY_DATA_DIR: z.string().min(1).optional(),
  KYC_STORAGE_DIR: z.string().min(1).default('.data/kyc-storage'),
  /** Seal KYC document files in KYC_STORAGE_DIR with AES-256-GCM under a key derived from PII_KEYS (decision 067); off by default. */
  KYC_DOCUMENT_ENCRYPTION: booleanFlag,
  BACKUP_DIR: z.string().min(1).default('.data/backups'),
  /** Exports whose grid counts at least this many rows run on the job queue and are kept as files (decision 068). */
  EXPORT_BACKGROUND_THRESHOLD_ROWS: z.coerce.number().int().min(1).default(50_000),
  /** Days a background or scheduled export's file is kept before the retention job deletes it (the record and hash stay). */
  EXPORT_RETENTION_DAYS: z.coerce.number().int().min(1).default(7),
  /** Managed private storage (0700 folder, 0600 files) for background and scheduled export files. */
  EXPORT_FILES_DIR: z.string().min(1).default('.data/exports'),
  SYNC_WORKER: z
    .enum(['on', 'off'])
    .default('on')
    .transform((value) => value === 'on'),
  CUTOVER_QUIET_SECONDS: z.coerce.number().int().min(0).default(300),
  /** The chain node's JSON-RPC endpoint; set, `npm start` runs the chain ingester beside the app (decision 069). */
  CHAIN_RPC_URL: optionalUrl,
  /** How many of the newest stored blocks every ingestion pass re-checks against the node (the deepest reorg repaired in one pass without walking back). */
  CHAIN_REORG_DEPTH: z.coerce.number().int().min(1).max(1_000).default(12),
  CHAIN_POLL_INTERVAL_MS: z.coerce.number().int().min(100).default(1_000),
  /** Blocks fetched and stored per transaction while catching up after downtime. */
  CHAIN_INGEST_BATCH: z.coerce.number().int().min(1).max(1_000).default(100),
  /**
   * Month partitions of the chain tables that ended this many whole months ago are archived (gzip COPY,
   * SHA-256 recorded) and dropped by the daily `explorer.partitions` job and `npm run explorer:archive`
   * (decision 071); unset, nothing is archived. The transaction log is never archived before 84 months.
   */
  EXPLORER_ARCHIVE_AFTER_MONTHS: z.coerce.number().int().min(1).max(1_200).optional(),
  /** Where archived partitions are written (0700 folder, 0600 files); `npm run explorer:restore-partition` reads them back. */
  EXPLORER_ARCHIVE_DIR: z.string().min(1).default('.data/partition-archives'),
  ADMIN_SECRET_KEY: z.string().min(1).optional(),
  /** On by default: the admin routes the legacy server left open need the key too; `false` restores the legacy behaviour. */
  LEGACY_API_REQUIRE_ADMIN_KEY: booleanFlagOn,
  /** `expose` puts identity hashes back into public legacy responses (legacy clients that need them); each is a phone reversible by enumeration. */
  LEGACY_PUBLIC_IDENTITY: z.enum(['omit', 'expose']).default('omit'),
  LEGACY_API_CORS_ORIGINS: commaSeparated('http://localhost:3002,http://localhost:5173', z.url({ message: 'must be a comma-separated list of origins' })),
  /** Proxies whose X-Forwarded-For is believed: comma-separated addresses or CIDRs (none by default). */
  TRUSTED_PROXIES: commaSeparated('', z.string().refine(isAddressOrCidr, 'must be a comma-separated list of IP addresses or CIDRs')),
  /** Origins (among the allowed ones) whose browser requests may carry cookies; none by default (decision 063). */
  LEGACY_API_CORS_CREDENTIAL_ORIGINS: commaSeparated('', z.url({ message: 'must be a comma-separated list of origins' })),
  RATE_LIMIT_WINDOW: z.coerce.number().int().min(1_000).default(900_000),
  RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(1_000),
  /** Roles that must use two-step sign-in unless the `mfa.required_roles` setting says otherwise; empty for none (the e2e suite). */
  MFA_REQUIRED_ROLES: commaSeparated(
    'super_admin',
    z.enum(['super_admin', 'asset_manager', 'kyc_verifier', 'auditor', 'viewer'], { message: 'must be a comma-separated list of roles' }),
  ),
  /** Public KYC uploads: files per identity and per client address per hour, and the bytes one identity may store in all. */
  KYC_UPLOADS_PER_IDENTITY_PER_HOUR: z.coerce.number().int().min(1).default(10),
  KYC_UPLOADS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(30),
  KYC_UPLOAD_MAX_BYTES_PER_IDENTITY: z.coerce
    .number()
    .int()
    .min(1)
    .default(50 * 1024 * 1024),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new EnvError(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  // Production never runs on generated keys (decision 058): each secret is configured, or the start stops.
  if (result.data.NODE_ENV === 'production') {
    const problems = (['AUTH_SECRET', 'PII_KEYS', 'PII_HMAC_KEY', 'ADMIN_SECRET_KEY', 'AUDIT_ANCHOR_KEY'] as const)
      .filter((name) => !result.data[name])
      .map((name) => `  ${name}: required in production`);
    const adminKey = result.data.ADMIN_SECRET_KEY;
    if (adminKey && adminKey.length < 32) problems.push('  ADMIN_SECRET_KEY: must be at least 32 characters in production');
    if (problems.length) throw new EnvError(`Invalid environment configuration:\n${problems.join('\n')}`);
  }
  return result.data;
}

let cached: Env | undefined;

/** Validated environment, parsed once per process. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
