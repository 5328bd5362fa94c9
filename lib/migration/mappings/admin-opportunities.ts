import { assetStatusVocabulary } from '@/lib/legacy/vocabulary';
import { bigint, integer, number, text, timestamp, vocabulary } from '../codecs';
import { dateOrTimestamp, nonNegative, oneOf, orderedJson, stringOrIntegerId } from '../shared-codecs';
import type { SourceMapping } from '../source-mapping';

export const ASSET_TYPES = ['investment', 'interest'] as const;
export const CONTACT_FORMATS = ['whatsapp', 'email'] as const;

/** The opportunity members in the order the legacy server writes them (admin form, then wizard). */
export const OPPORTUNITY_FIELD_ORDER = [
  'id',
  'contractAddress',
  'type',
  'title',
  'description',
  'category',
  'status',
  'createdAt',
  'tokenSymbol',
  'tokenPrice',
  'maxSupply',
  'expectedROI',
  'lockupPeriod',
  'minimumInvestment',
  'softCap',
  'deadline',
  'contactFormat',
  'contactValue',
  'totalInvested',
  'investorCount',
  'interestedCount',
  'location',
  'image',
  'jurisdiction',
  'spvName',
  'custodyType',
  'minTierRequired',
  'legalDocuments',
  'assetManagerProfile',
  'sector',
  'roiModel',
  'highlights',
  'impact',
] as const;

/**
 * admin-opportunities.json → assets, one row per opportunity, in the legacy member order.
 * - `id` ("opp_<ms>" or a number) → `opportunity_id` + `opportunity_id_is_number`; required.
 * - `status` → asset status vocabulary (+ `status_legacy` for `published`, `inactive`, `Completed`,
 *   `approved`…); required: a spelling the vocabulary does not know quarantines the record.
 * - `contractAddress` is not unique (two opportunities can share one) and null/absent on drafts.
 * - money and amounts are numeric; counts and days integer; documents, profile, highlights jsonb.
 */
export const adminOpportunitiesMapping: SourceMapping = {
  source: 'admin-opportunities',
  table: 'assets',
  fields: [
    { field: 'id', column: 'opportunity_id', codec: stringOrIntegerId, required: true },
    { field: 'contractAddress', column: 'contract_address', codec: text },
    { field: 'type', column: 'type', codec: oneOf(ASSET_TYPES) },
    { field: 'title', column: 'title', codec: text },
    { field: 'description', column: 'description', codec: text },
    { field: 'category', column: 'category', codec: text },
    { field: 'status', column: 'status', codec: vocabulary(assetStatusVocabulary), required: true },
    { field: 'createdAt', column: 'created_at', codec: timestamp },
    { field: 'tokenSymbol', column: 'token_symbol', codec: text },
    { field: 'tokenPrice', column: 'token_price', codec: nonNegative(number) },
    { field: 'maxSupply', column: 'max_supply', codec: nonNegative(bigint) },
    { field: 'expectedROI', column: 'expected_roi', codec: number },
    { field: 'lockupPeriod', column: 'lockup_period_days', codec: nonNegative(integer) },
    { field: 'minimumInvestment', column: 'minimum_investment', codec: nonNegative(number) },
    { field: 'softCap', column: 'soft_cap', codec: nonNegative(number) },
    { field: 'deadline', column: 'deadline', codec: dateOrTimestamp },
    { field: 'contactFormat', column: 'contact_format', codec: oneOf(CONTACT_FORMATS) },
    { field: 'contactValue', column: 'contact_value', codec: text },
    { field: 'totalInvested', column: 'total_invested', codec: nonNegative(number) },
    { field: 'investorCount', column: 'investor_count', codec: nonNegative(integer) },
    { field: 'interestedCount', column: 'interested_count', codec: nonNegative(integer) },
    { field: 'location', column: 'location', codec: text },
    { field: 'image', column: 'image_path', codec: text },
    { field: 'jurisdiction', column: 'jurisdiction', codec: text },
    { field: 'spvName', column: 'spv_name', codec: text },
    { field: 'custodyType', column: 'custody_type', codec: text },
    // An access rule: kept exactly as written (no range CHECK that would move it aside).
    { field: 'minTierRequired', column: 'min_tier_required', codec: integer },
    { field: 'legalDocuments', column: 'legal_documents', codec: orderedJson({ items: { keys: [['name', 'type', 'size', 'url']] } }, 'array') },
    {
      field: 'assetManagerProfile',
      column: 'asset_manager_profile',
      codec: orderedJson({ keys: [['name', 'title', 'bio', 'verified', 'partner']] }, 'object'),
    },
    { field: 'sector', column: 'sector', codec: text },
    { field: 'roiModel', column: 'roi_model', codec: text },
    { field: 'highlights', column: 'highlights', codec: orderedJson({}, 'array') },
    { field: 'impact', column: 'impact', codec: text },
  ],
};
