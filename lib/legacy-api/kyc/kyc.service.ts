import { isJsonObject, type JsonObject, type JsonValue } from '@/lib/legacy/canonical-json';
import { kycStatusVocabulary } from '@/lib/legacy/vocabulary';
import type { Dataset } from '../dataset/dataset';
import { LegacyApiError } from '../legacy-api-error';
import { identityFrom, maskLegacyPhone } from '../phone';

const str = (value: JsonValue | undefined): string | null => (typeof value === 'string' ? value : null);

/** The mask the wallet directory holds for an identity, else the legacy mask of the number asked about. */
export async function maskedPhoneOf(data: Dataset, identityHash: string, phoneNumber?: string): Promise<string | null> {
  const [wallet] = await data.wallets({ identityHash });
  return str(wallet?.maskedPhone) ?? (phoneNumber && !phoneNumber.startsWith('0x') ? maskLegacyPhone(phoneNumber) : null);
}

/** A user's metadata.json entry: status and every document's metadata (`GET /api/kyc/documents/:phoneNumber`). */
export async function getKycDocuments(data: Dataset, phoneOrHash: string) {
  const identityHash = identityFrom(phoneOrHash.startsWith('0x') || phoneOrHash.startsWith('+') ? phoneOrHash : `+${phoneOrHash}`);
  const record = await data.record('kyc-metadata', identityHash);
  if (!record || !isJsonObject(record.value)) throw new LegacyApiError(404, 'No KYC documents found for this user');
  const application = record.value;
  return {
    success: true as const,
    identityHash,
    phoneNumber: await maskedPhoneOf(data, identityHash, phoneOrHash),
    verificationStatus: str(application.verificationStatus),
    lastUpdated: str(application.lastUpdated),
    verifiedAt: str(application.verifiedAt),
    rejectionReason: str(application.rejectionReason),
    documents: isJsonObject(application.documents) ? (application.documents as Record<string, JsonObject>) : {},
  };
}

/** The review queue: pending applications oldest first, with the counts of the stats cards. */
export async function listPendingKyc(data: Dataset) {
  const [records, wallets] = await Promise.all([data.records('kyc-metadata'), data.wallets()]);
  const masks = new Map(wallets.map((wallet) => [wallet.identityHash, str(wallet.maskedPhone)]));
  const stats = { pending: 0, verified: 0, rejected: 0, total: records.length };
  const applications = [];
  for (const record of records) {
    const application = isJsonObject(record.value) ? record.value : {};
    const status = kycStatusVocabulary.fromLegacy(str(application.verificationStatus) ?? '')?.value;
    if (status === 'verified') stats.verified += 1;
    else if (status === 'rejected') stats.rejected += 1;
    else stats.pending += 1;
    if (status === 'verified' || status === 'rejected') continue;
    const documents = isJsonObject(application.documents) ? application.documents : {};
    applications.push({
      identityHash: record.key,
      phoneNumber: masks.get(record.key) ?? null,
      submittedAt: str(application.lastUpdated),
      status: str(application.verificationStatus) ?? 'pending',
      documents: Object.fromEntries(
        Object.entries(documents).map(([type, entry]) => {
          const document = isJsonObject(entry) ? entry : {};
          return [
            type,
            {
              id: str(document.id),
              originalName: str(document.originalName),
              mimeType: str(document.mimeType),
              size: typeof document.size === 'number' ? document.size : null,
              uploadedAt: str(document.uploadedAt),
            },
          ];
        }),
      ),
    });
  }
  applications.sort((a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? ''));
  return { success: true as const, applications, stats };
}
