import type pg from 'pg';
import { setClientAuditContext, type AuditContext } from '@/lib/audit/audit-context';
import { recordClientAuditEvent } from '@/lib/audit/record-audit-event';
import type { LegacyRecord } from '@/lib/legacy/source-adapter';
import { copyRows } from './copy-rows';
import {
  exportKycDocuments,
  importKycDocuments,
  KYC_DOCUMENT_COLUMNS,
  kycDocumentValues,
  type ExportableKycDocument,
  type KycDocumentProblem,
} from './kyc-documents';
import { inTransaction } from './pg-client';
import { recordIdentities } from './record-identities';

const UPDATABLE = ['application_id', ...KYC_DOCUMENT_COLUMNS.filter((column) => column !== 'doc_type_legacy' && column !== 'identity_hash')];

/**
 * Copies the KYC files into managed storage and makes `kyc_documents` match the metadata: upsert per
 * (identity, document type), removal of documents no longer listed. Documents of a quarantined
 * application are rows too, without an application (decision 034), so their files are verified and
 * written back by a rollback; their identities are recorded as KYC identities.
 * Audited like `importSource`: per row, or for the migration owner's bulk import one `BULK_IMPORT` event.
 */
export async function syncKycDocuments(
  client: pg.Client,
  {
    sourceDir,
    storageDir,
    records,
    context,
    bulk,
  }: { sourceDir: string; storageDir: string; records: LegacyRecord[]; context: AuditContext; bulk?: { runId: string; rootHash: string } },
): Promise<{ problems: KycDocumentProblem[]; copied: number }> {
  const imported = await importKycDocuments({ sourceDir, storageDir, records });
  await inTransaction(client, async () => {
    await setClientAuditContext(client, context);
    if (bulk) await client.query(`SELECT set_config('pend.bulk_load', 'on', true)`);
    await client.query(`SET CONSTRAINTS kyc_documents_identity_hash_fkey DEFERRED`);
    await client.query(`CREATE TEMP TABLE kyc_stage (LIKE kyc_documents INCLUDING DEFAULTS) ON COMMIT DROP`);
    await copyRows(client, 'kyc_stage', KYC_DOCUMENT_COLUMNS, imported.rows.map(kycDocumentValues));
    await client.query(
      `INSERT INTO kyc_documents (application_id, ${KYC_DOCUMENT_COLUMNS.join(', ')})
       SELECT a.id, ${KYC_DOCUMENT_COLUMNS.map((column) => `s.${column}`).join(', ')}
         FROM kyc_stage s LEFT JOIN kyc_applications a ON a.legacy_key = s.identity_hash
       ON CONFLICT (identity_hash, doc_type_legacy) DO UPDATE
          SET (${UPDATABLE.join(', ')}) = (${UPDATABLE.map((column) => `EXCLUDED.${column}`).join(', ')})
        WHERE (${UPDATABLE.map((column) => `kyc_documents.${column}`).join(', ')}) IS DISTINCT FROM (${UPDATABLE.map((column) => `EXCLUDED.${column}`).join(', ')})`,
    );
    await client.query(
      `DELETE FROM kyc_documents d WHERE NOT EXISTS (
         SELECT 1 FROM kyc_stage s WHERE s.identity_hash = d.identity_hash AND s.doc_type_legacy = d.doc_type_legacy)`,
    );
    await recordIdentities(client, 'in_kyc');
    await client.query(`SET CONSTRAINTS kyc_documents_identity_hash_fkey IMMEDIATE`);
    if (bulk) {
      const event = { source: 'kyc-metadata', runId: bulk.runId, rootHash: bulk.rootHash, documents: imported.rows.length };
      await recordClientAuditEvent(client, { action: 'BULK_IMPORT', tableName: 'kyc_documents', recordId: bulk.runId, newValues: event }, context);
    }
  });
  return { problems: imported.problems, copied: imported.copied };
}

/** Writes every stored KYC file back below `targetDir` (part of the rollback export). */
export async function exportStoredKycDocuments(client: pg.Client, { storageDir, targetDir }: { storageDir: string; targetDir: string }) {
  const { rows } = await client.query<ExportableKycDocument>(
    `SELECT legacy_key AS "legacyKey", stored_filename AS "storedFilename", relative_path AS "relativePath", sha256,
            storage_path AS "storagePath", status
       FROM kyc_documents ORDER BY legacy_key`,
  );
  return exportKycDocuments({ storageDir, targetDir, documents: rows });
}
