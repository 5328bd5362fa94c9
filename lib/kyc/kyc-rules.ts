import type { EntityManager } from '@mikro-orm/postgresql';
import type { KycDocumentType, KycStatus } from '@/lib/legacy/vocabulary';

/** How long a claim holds a case without the reviewer's page renewing it. */
export const KYC_LEASE_MINUTES = 30;

/** The statuses a reviewer still has to decide. */
export const OPEN_KYC_STATUSES = ['pending_review', 'under_review'] as const satisfies readonly KycStatus[];

/** One slot a tier needs filled: any one of the listed document types fills it. */
export type TierRequirement = { label: string; anyOf: readonly KycDocumentType[] };

const IDENTITY: TierRequirement = { label: 'Identity document', anyOf: ['national_id', 'passport', 'driver_license'] };
const ADDRESS: TierRequirement = { label: 'Utility bill', anyOf: ['utility_bill'] };

/**
 * What each KYC tier asks for (decision 048). Tier 3 is the legacy upgrade's own rule (ID and utility bill
 * required); tier 4 adds the two documents the legacy upload calls optional (income, bank).
 */
export const TIER_REQUIREMENTS: Record<number, readonly TierRequirement[]> = {
  3: [IDENTITY, ADDRESS],
  4: [IDENTITY, ADDRESS, { label: 'Proof of income', anyOf: ['proof_of_income'] }, { label: 'Bank statement', anyOf: ['bank_statement'] }],
};

/** The tier asked for when no reviewer set one: an application with income or bank documents asks for tier 4. */
export const REQUESTED_TIER_SQL = `CASE WHEN EXISTS (SELECT 1 FROM kyc_documents td WHERE td.application_id = a.id AND td.document_type IN ('proof_of_income', 'bank_statement')) THEN 4 ELSE 3 END`;

/** The requirements of a tier that no received document fills. */
export function missingDocuments(tier: number, received: readonly string[]): string[] {
  const requirements = TIER_REQUIREMENTS[tier] ?? TIER_REQUIREMENTS[3];
  return requirements.filter((requirement) => !requirement.anyOf.some((type) => received.includes(type))).map((requirement) => requirement.label);
}

/** SLA hours per open status; `app_settings.kyc_sla_hours` overrides them (an object of status → hours). */
export const DEFAULT_SLA_HOURS: Record<(typeof OPEN_KYC_STATUSES)[number], number> = { pending_review: 48, under_review: 24 };
export type SlaHours = typeof DEFAULT_SLA_HOURS;

export async function getSlaHours(em: EntityManager): Promise<SlaHours> {
  const [row] = await em.execute<Array<{ value: unknown }>>(`SELECT value FROM app_settings WHERE key = 'kyc_sla_hours'`);
  const configured = row?.value && typeof row.value === 'object' ? (row.value as Record<string, unknown>) : {};
  const hours = (status: keyof SlaHours) => {
    const value = configured[status];
    return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : DEFAULT_SLA_HOURS[status];
  };
  return { pending_review: hours('pending_review'), under_review: hours('under_review') };
}
