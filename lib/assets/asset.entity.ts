import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { legacyRecordProperties } from '@/lib/legacy/legacy-record-properties';

const p = defineEntity.properties;

/**
 * An investment opportunity (admin-opportunities.json). Amounts are numeric strings, never floats;
 * `opportunityId` keeps the legacy id as text with `opportunityIdIsNumber` saying whether it was a JSON number.
 */
export const Asset = defineEntity({
  name: 'Asset',
  tableName: 'assets',
  properties: {
    ...legacyRecordProperties('assets', 'admin-opportunities'),
    opportunityId: p.text(),
    opportunityIdIsNumber: p.boolean(),
    contractAddress: p.text().nullable(),
    type: p.enum(['investment', 'interest']).nullable(),
    title: p.text().nullable(),
    description: p.text().nullable(),
    category: p.text().nullable(),
    status: p.enum(['active', 'paused', 'closed', 'draft']),
    statusLegacy: p.text().nullable(),
    createdAt: p.datetime().nullable(),
    tokenSymbol: p.text().nullable(),
    tokenPrice: p.decimal('string').nullable(),
    maxSupply: p.bigint('number').nullable(),
    expectedRoi: p.decimal('string').nullable(),
    lockupPeriodDays: p.integer().nullable(),
    minimumInvestment: p.decimal('string').nullable(),
    softCap: p.decimal('string').nullable(),
    deadline: p.datetime().nullable(),
    deadlineLegacy: p.text().nullable(),
    contactFormat: p.enum(['whatsapp', 'email']).nullable(),
    contactValue: p.text().nullable(),
    totalInvested: p.decimal('string').nullable(),
    investorCount: p.integer().nullable(),
    interestedCount: p.integer().nullable(),
    location: p.text().nullable(),
    imagePath: p.text().nullable(),
    jurisdiction: p.text().nullable(),
    spvName: p.text().nullable(),
    custodyType: p.text().nullable(),
    minTierRequired: p.integer().nullable(),
    legalDocuments: p.json<unknown[]>().nullable(),
    assetManagerProfile: p.json<Record<string, unknown>>().nullable(),
    sector: p.text().nullable(),
    roiModel: p.text().nullable(),
    highlights: p.json<unknown[]>().nullable(),
    impact: p.text().nullable(),
  },
  checks: [
    { name: 'assets_opportunity_id_number_check', expression: `NOT opportunity_id_is_number OR opportunity_id ~ '^-?(0|[1-9][0-9]*)$'` },
    {
      name: 'assets_deadline_legacy_check',
      expression: `deadline_legacy IS NULL OR (deadline IS NOT NULL AND deadline_legacy ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')`,
    },
    {
      name: 'assets_amounts_check',
      expression:
        'token_price >= 0 AND max_supply >= 0 AND lockup_period_days >= 0 AND minimum_investment >= 0' +
        ' AND soft_cap >= 0 AND total_invested >= 0 AND investor_count >= 0 AND interested_count >= 0',
    },
    { name: 'assets_legal_documents_check', expression: `jsonb_typeof(legal_documents) = 'array'` },
    { name: 'assets_asset_manager_profile_check', expression: `jsonb_typeof(asset_manager_profile) = 'object'` },
    { name: 'assets_highlights_check', expression: `jsonb_typeof(highlights) = 'array'` },
  ],
  indexes: [
    { name: 'assets_contract_address_idx', expression: 'CREATE INDEX assets_contract_address_idx ON assets (lower(contract_address))' },
    { name: 'assets_opportunity_id_idx', properties: ['opportunityId'] },
    { name: 'assets_status_idx', properties: ['status'] },
    { name: 'assets_created_at_idx', expression: 'CREATE INDEX assets_created_at_idx ON assets (created_at DESC)' },
    { name: 'assets_title_trgm_idx', expression: 'CREATE INDEX assets_title_trgm_idx ON assets USING gin (title gin_trgm_ops)' },
  ],
});

export type AssetEntity = InferEntity<typeof Asset>;
