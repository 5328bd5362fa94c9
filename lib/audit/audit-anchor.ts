import { createHmac, timingSafeEqual } from 'node:crypto';
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';

/** The anchor file's name inside the backup folder: one signed JSON line per anchored chain head. */
export const AUDIT_ANCHOR_FILE = 'audit-anchors.log';

/** `database` names the database the chain lives in (cluster system identifier / database name): one backup folder may hold anchors of several (an e2e run's, a recreated one's). */
export type AuditAnchor = { database: string; seq: number; rowHash: string; anchoredAt: string; mac: string };

export type AuditAnchorCheck =
  | { ok: true; anchor: AuditAnchor | null; anchorsChecked: number; otherDatabases: number }
  | { ok: false; anchor: AuditAnchor | null; line: number; reason: 'signature-invalid' | 'malformed' | 'entry-missing' | 'hash-differs' };

const MAC_LABEL = 'pend-audit-anchor:v1';

function macOf(key: string, { database, seq, rowHash, anchoredAt }: Omit<AuditAnchor, 'mac'>): string {
  return createHmac('sha256', Buffer.from(key, 'base64')).update(`${MAC_LABEL}\n${database}\n${seq}\n${rowHash}\n${anchoredAt}`).digest('hex');
}

export function auditAnchorPath(backupDir: string): string {
  return path.resolve(backupDir, AUDIT_ANCHOR_FILE);
}

/** The anchor lines in file order; a line that is not a well-formed anchor is kept as `null` so its number still counts. */
function readAnchorLines(file: string): Array<AuditAnchor | null> {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      try {
        const value = JSON.parse(line) as Partial<AuditAnchor>;
        const wellFormed =
          typeof value.database === 'string' &&
          Number.isSafeInteger(value.seq) &&
          typeof value.rowHash === 'string' &&
          /^[0-9a-f]{64}$/.test(value.rowHash) &&
          typeof value.anchoredAt === 'string' &&
          typeof value.mac === 'string';
        return wellFormed ? (value as AuditAnchor) : null;
      } catch {
        return null;
      }
    });
}

async function databaseIdentity(em: EntityManager): Promise<string> {
  const [row] = await em.execute<Array<{ identity: string }>>(
    `SELECT (SELECT system_identifier FROM pg_control_system())::text || '/' || current_database() AS identity`,
  );
  return row.identity;
}

async function chainHead(em: EntityManager): Promise<{ seq: number; rowHash: string } | null> {
  const [head] = await em.execute<Array<{ seq: string; row_hash: string }>>(`SELECT seq, row_hash FROM audit_trail ORDER BY seq DESC LIMIT 1`);
  return head ? { seq: Number(head.seq), rowHash: head.row_hash } : null;
}

/**
 * Signs the audit chain's head and appends it to the anchor file (created 0600, never rewritten) and the
 * log, so a later `audit:verify` can prove the database still holds that head. Someone who can rewrite
 * the database but not this file or the log (nor knows the key) cannot delete the newest entries or
 * recompute the chain unnoticed. A head that has not moved since the last anchor is not written again.
 */
export async function writeAuditAnchor(
  em: EntityManager,
  { key, backupDir, log }: { key: string; backupDir: string; log: (line: string) => void },
): Promise<AuditAnchor | null> {
  const head = await chainHead(em);
  if (!head) return null;
  const database = await databaseIdentity(em);
  const file = auditAnchorPath(backupDir);
  const last = readAnchorLines(file)
    .filter((anchor) => anchor?.database === database)
    .at(-1);
  if (last && last.seq === head.seq && last.rowHash === head.rowHash) return null;
  const unsigned = { database, seq: head.seq, rowHash: head.rowHash, anchoredAt: new Date().toISOString() };
  const anchor: AuditAnchor = { ...unsigned, mac: macOf(key, unsigned) };
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  appendFileSync(file, `${JSON.stringify(anchor)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  log(`Audit anchor: head #${anchor.seq} ${anchor.rowHash} at ${anchor.anchoredAt} mac ${anchor.mac}`);
  return anchor;
}

/**
 * Checks every anchor in the file: its signature, and, for this database's anchors, that the chain still
 * holds the anchored entry with the anchored hash (other databases' anchors are counted, not checked). Together with the full chain verification (every later entry links back to it),
 * this proves nothing anchored was deleted or recomputed.
 */
export async function checkAuditAnchors(em: EntityManager, { key, backupDir }: { key: string; backupDir: string }): Promise<AuditAnchorCheck> {
  const anchors = readAnchorLines(auditAnchorPath(backupDir));
  let index = 0;
  for (const anchor of anchors) {
    index += 1;
    if (!anchor) return { ok: false, anchor: null, line: index, reason: 'malformed' };
    const expected = Buffer.from(macOf(key, anchor), 'hex');
    const given = Buffer.from(anchor.mac, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, anchor, line: index, reason: 'signature-invalid' };
  }
  const database = await databaseIdentity(em);
  const ours = (anchors as AuditAnchor[]).filter((anchor) => anchor.database === database);
  const seqs = ours.map((anchor) => anchor.seq);
  const rows = seqs.length
    ? await em.execute<Array<{ seq: string; row_hash: string }>>(`SELECT seq, row_hash FROM audit_trail WHERE seq = ANY(?::bigint[])`, [`{${seqs.join(',')}}`])
    : [];
  const stored = new Map(rows.map((row) => [Number(row.seq), row.row_hash]));
  index = 0;
  for (const anchor of anchors as AuditAnchor[]) {
    index += 1;
    if (anchor.database !== database) continue;
    const rowHash = stored.get(anchor.seq);
    if (rowHash === undefined) return { ok: false, anchor, line: index, reason: 'entry-missing' };
    if (rowHash !== anchor.rowHash) return { ok: false, anchor, line: index, reason: 'hash-differs' };
  }
  return { ok: true, anchor: ours.at(-1) ?? null, anchorsChecked: ours.length, otherDatabases: anchors.length - ours.length };
}

/**
 * Anchors the chain now and then every `intervalSeconds` until stopped. A failed round is logged and the
 * next one tries again: anchoring must never stop the app.
 */
export function startAuditAnchoring({
  em,
  key,
  backupDir,
  intervalSeconds,
  log,
}: {
  em: () => EntityManager;
  key: string;
  backupDir: string;
  intervalSeconds: number;
  log: (line: string) => void;
}): { stop: () => Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const round = () => {
    running = writeAuditAnchor(em(), { key, backupDir, log }).catch((error: unknown) =>
      log(`Audit anchor failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  };
  round();
  const timer = setInterval(round, intervalSeconds * 1_000);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
