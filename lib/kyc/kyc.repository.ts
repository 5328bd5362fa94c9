import type { EntityManager } from '@mikro-orm/postgresql';
import { findKeysetPage, keysetPaging, type KeysetColumn } from '@/lib/list-query/keyset';
import { isFiltered } from '@/lib/list-query/list-query.schemas';
import { sql, type SqlFragment } from '@/lib/list-query/sql';
import { findListTotal, type ListTotal } from '@/lib/list-query/total';
import { OPEN_KYC_STATUSES, REQUESTED_TIER_SQL, type SlaHours } from './kyc-rules';
import type { ListKycQuery } from './kyc.schemas';

const OPEN = `a.status IN ('pending_review', 'under_review')`;
/** A live claim: the assignee holds the case until the lease runs out. */
const HELD = `c.assignee_id IS NOT NULL AND c.lease_expires_at > now()`;
const TIER = `coalesce(c.requested_tier, ${REQUESTED_TIER_SQL})`;
/** Resubmissions first, then high-tier requests; a decided application has no priority. */
const PRIORITY = `CASE WHEN ${OPEN} THEN (CASE WHEN c.resubmission_requested_at IS NOT NULL THEN 2 ELSE 0 END) + (CASE WHEN ${TIER} >= 4 THEN 1 ELSE 0 END) ELSE 0 END`;

const FROM = sql.raw(`kyc_applications a
  LEFT JOIN kyc_review_cases c ON c.application_key = a.legacy_key
  LEFT JOIN admin_users au ON au.id = c.assignee_id AND c.lease_expires_at > now()
  LEFT JOIN LATERAL (
    SELECT coalesce(array_agg(DISTINCT d.document_type) FILTER (WHERE d.document_type IS NOT NULL), '{}') AS types
      FROM kyc_documents d WHERE d.application_id = a.id
  ) docs ON true
  LEFT JOIN LATERAL (
    SELECT coalesce(w.full_phone_masked, w.masked_phone) AS masked FROM wallet_directory w
     WHERE w.identity_hash = a.legacy_key ORDER BY w.legacy_position LIMIT 1
  ) phone ON true`);

const SELECT = sql.raw(`a.id, a.legacy_key AS identity_hash, a.status, a.status_legacy, a.last_updated_at AS submitted_at,
  CASE WHEN ${HELD} THEN c.assignee_id END AS assignee_id, au.name AS assignee_name, c.lease_expires_at,
  c.resubmission_requested_at, ${TIER} AS requested_tier, ${PRIORITY} AS priority, docs.types AS received_types, phone.masked AS phone_masked`);

export type KycQueueRow = {
  id: string;
  identity_hash: string;
  status: string;
  status_legacy: string | null;
  submitted_at: Date | null;
  assignee_id: string | null;
  assignee_name: string | null;
  lease_expires_at: Date | null;
  resubmission_requested_at: Date | null;
  requested_tier: number;
  priority: number;
  received_types: string[];
  phone_masked: string | null;
};

const SORT_COLUMNS: Record<ListKycQuery['sort'][number]['column'], KeysetColumn> = {
  priority: { expr: sql.raw(`(${PRIORITY})`), cast: 'integer', nullable: false },
  submitted: { expr: sql.raw('a.last_updated_at'), cast: 'timestamptz', nullable: true },
  status: { expr: sql.raw('a.status::text'), cast: 'text', nullable: false },
};
const SORT_TYPES = { priority: 'number', submitted: 'date', status: 'text' } as const;

/** An open application older than its status's SLA. */
export function slaBreachedCondition(hours: SlaHours): SqlFragment {
  return sql.or(OPEN_KYC_STATUSES.map((status) => sql`a.status = ${status} AND a.last_updated_at < now() - make_interval(hours => ${hours[status]}::int)`));
}

/** The queue's conditions: the tab, then each filter. */
export function kycWhere(query: ListKycQuery, actorId: string, hours: SlaHours): SqlFragment[] {
  const where: SqlFragment[] = [];
  const { view, status, submitted, documents, assignee, breached } = query.filters;
  if (view?.includes('mine') && !view.includes('unassigned')) where.push(sql`c.assignee_id = ${actorId}::uuid AND c.lease_expires_at > now()`);
  if (view?.includes('unassigned') && !view.includes('mine')) where.push(sql.raw(`${OPEN} AND NOT coalesce(${HELD}, false)`));
  if (query.q) where.push(sql`a.legacy_key LIKE ${`${query.q.toLowerCase().replace(/[\\%_]/g, '')}%`}`);
  if (status) where.push(sql`a.status IN (${status})`);
  if (submitted?.from) where.push(sql`a.last_updated_at >= ${submitted.from}::timestamptz`);
  if (submitted?.before) where.push(sql`a.last_updated_at < ${submitted.before}::timestamptz`);
  if (documents) where.push(sql`EXISTS (SELECT 1 FROM kyc_documents f WHERE f.application_id = a.id AND f.document_type IN (${documents}))`);
  if (assignee) where.push(sql`c.assignee_id::text IN (${assignee}) AND c.lease_expires_at > now()`);
  if (breached !== undefined) where.push(breached ? slaBreachedCondition(hours) : sql`NOT coalesce(${slaBreachedCondition(hours)}, false)`);
  return where;
}

export type KycQueuePage = { rows: KycQueueRow[]; nextCursor: string | null; prevCursor: string | null; total: ListTotal };

export async function findKycQueuePage(em: EntityManager, query: ListKycQuery, actorId: string, hours: SlaHours): Promise<KycQueuePage> {
  const where = kycWhere(query, actorId, hours);
  const [page, total] = await Promise.all([
    findKeysetPage<KycQueueRow, keyof typeof SORT_COLUMNS>(em, {
      select: SELECT,
      from: FROM,
      where,
      columns: SORT_COLUMNS,
      id: { expr: sql.raw('a.id'), cast: 'uuid' },
      ...keysetPaging(query, SORT_TYPES, 'uuid'),
    }),
    findListTotal(em.fork(), { table: 'kyc_applications', from: FROM, where, filtered: isFiltered(query) }),
  ]);
  return { ...page, total };
}

export type KycQueueCounts = { mine: number; unassigned: number; all: number; breached: number };

/** The tab badges and the breached count, over the whole queue. */
export async function findKycQueueCounts(em: EntityManager, actorId: string, hours: SlaHours): Promise<KycQueueCounts> {
  const breached = slaBreachedCondition(hours);
  const query = sql`SELECT
      count(*) FILTER (WHERE c.assignee_id = ${actorId}::uuid AND c.lease_expires_at > now()) AS mine,
      count(*) FILTER (WHERE ${sql.raw(OPEN)} AND NOT coalesce(${sql.raw(HELD)}, false)) AS unassigned,
      count(*) AS "all",
      count(*) FILTER (WHERE ${breached}) AS breached
    FROM kyc_applications a LEFT JOIN kyc_review_cases c ON c.application_key = a.legacy_key`;
  const [row] = await em.execute<Array<Record<keyof KycQueueCounts, string>>>(query.text, [...query.values]);
  return { mine: Number(row.mine), unassigned: Number(row.unassigned), all: Number(row.all), breached: Number(row.breached) };
}

export type KycAssigneeOption = { value: string; label: string; count: number };

/** Reviewers holding cases now, for the assignee filter. */
export async function findKycAssignees(em: EntityManager): Promise<KycAssigneeOption[]> {
  const rows = await em.execute<Array<{ id: string; name: string; count: string }>>(
    `SELECT au.id, au.name, count(*) AS count FROM kyc_review_cases c JOIN admin_users au ON au.id = c.assignee_id
      WHERE c.lease_expires_at > now() GROUP BY au.id, au.name ORDER BY au.name LIMIT 100`,
  );
  return rows.map((row) => ({ value: row.id, label: row.name, count: Number(row.count) }));
}

export type KycCaseRow = KycQueueRow & {
  status_legacy: string | null;
  reviewed_at: Date | null;
  rejection_reason: string | null;
  wallet_address: string | null;
  current_tier: number | null;
  case_assignee_id: string | null;
};

/** One application with its review state, masked phone, wallet and current tier. */
export async function findKycCase(em: EntityManager, identityHash: string): Promise<KycCaseRow | null> {
  const query = sql`SELECT ${SELECT}, a.reviewed_at, a.rejection_reason, c.assignee_id AS case_assignee_id,
      (SELECT u.wallet_address FROM users u WHERE u.legacy_key = a.legacy_key) AS wallet_address,
      (SELECT m.tier FROM identity_map m WHERE m.legacy_key = a.legacy_key) AS current_tier
    FROM ${FROM} WHERE a.legacy_key = ${identityHash}`;
  const [row] = await em.execute<KycCaseRow[]>(query.text, [...query.values]);
  return row ?? null;
}

export type KycDocumentRow = {
  id: string;
  doc_type_legacy: string;
  document_type: string | null;
  original_filename: string | null;
  mime_type: string | null;
  legacy_size: number | null;
  actual_size: number | null;
  sha256: string | null;
  storage_path: string | null;
  uploaded_at: Date | null;
  status: 'stored' | 'missing' | 'size-mismatch';
};

export async function findKycDocuments(em: EntityManager, identityHash: string): Promise<KycDocumentRow[]> {
  return em.execute<KycDocumentRow[]>(
    `SELECT d.id, d.doc_type_legacy, d.document_type, d.original_filename, d.mime_type, d.legacy_size::float8 AS legacy_size,
            d.actual_size::float8 AS actual_size, d.sha256, d.storage_path, d.uploaded_at, d.status
       FROM kyc_documents d JOIN kyc_applications a ON a.id = d.application_id
      WHERE a.legacy_key = ? ORDER BY d.uploaded_at NULLS LAST, d.doc_type_legacy`,
    [identityHash],
  );
}

export type KycDocumentAccessRow = KycDocumentRow & { identity_hash: string };

/** A document with the application it belongs to (the signed-link route's lookup). */
export async function findKycDocument(em: EntityManager, documentId: string): Promise<KycDocumentAccessRow | null> {
  const [row] = await em.execute<KycDocumentAccessRow[]>(
    `SELECT d.id, d.doc_type_legacy, d.document_type, d.original_filename, d.mime_type, d.legacy_size::float8 AS legacy_size,
            d.actual_size::float8 AS actual_size, d.sha256, d.storage_path, d.uploaded_at, d.status, d.identity_hash
       FROM kyc_documents d WHERE d.id = ?::uuid`,
    [documentId],
  );
  return row ?? null;
}

export type KycEventRow = {
  id: string;
  kind: 'claimed' | 'released' | 'approved' | 'rejected' | 'resubmission_requested' | 'note' | 'reopened_by_upload';
  actor_label: string | null;
  occurred_at: Date;
  details: Record<string, unknown>;
};

export async function findKycEvents(em: EntityManager, identityHash: string): Promise<KycEventRow[]> {
  return em.execute<KycEventRow[]>(
    `SELECT id, kind, actor_label, occurred_at, details FROM kyc_case_events WHERE application_key = ? ORDER BY occurred_at, id`,
    [identityHash],
  );
}

/** The reason this reviewer chose for opening the case's documents, if any. */
export async function findAccessReason(em: EntityManager, identityHash: string, adminId: string): Promise<string | null> {
  const [row] = await em.execute<Array<{ reason: string }>>(`SELECT reason FROM kyc_case_access WHERE application_key = ? AND admin_id = ?::uuid`, [
    identityHash,
    adminId,
  ]);
  return row?.reason ?? null;
}
