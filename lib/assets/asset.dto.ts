/** One row of the assets grid: plain values, numeric amounts as exact decimal strings. */
export type AssetListRowDto = {
  id: string;
  opportunityId: string;
  title: string | null;
  type: string | null;
  status: string;
  /** The status as the legacy file spells it (`published`, `inactive`…); null when it is the canonical word. */
  statusLegacy: string | null;
  category: string | null;
  createdAt: string | null;
  totalInvested: string | null;
  investorCount: number | null;
  expectedRoi: string | null;
  minimumInvestment: string | null;
  deadline: string | null;
  minTierRequired: number | null;
  contractAddress: string | null;
  tokenSymbol: string | null;
  location: string | null;
  imagePath: string | null;
};

export type AssetListRow = {
  id: string;
  opportunity_id: string;
  title: string | null;
  type: string | null;
  status: string;
  status_legacy: string | null;
  category: string | null;
  created_at: string | Date | null;
  total_invested: string | null;
  investor_count: number | null;
  expected_roi: string | null;
  minimum_investment: string | null;
  deadline: string | Date | null;
  min_tier_required: number | null;
  contract_address: string | null;
  token_symbol: string | null;
  location: string | null;
  image_path: string | null;
};

const isoTime = (value: string | Date | null) => (value === null ? null : new Date(value).toISOString());

export function toAssetListRowDto(row: AssetListRow): AssetListRowDto {
  return {
    id: row.id,
    opportunityId: row.opportunity_id,
    title: row.title,
    type: row.type,
    status: row.status,
    statusLegacy: row.status_legacy !== null && row.status_legacy !== row.status ? row.status_legacy : null,
    category: row.category,
    createdAt: isoTime(row.created_at),
    totalInvested: row.total_invested,
    investorCount: row.investor_count,
    expectedRoi: row.expected_roi,
    minimumInvestment: row.minimum_investment,
    deadline: isoTime(row.deadline),
    minTierRequired: row.min_tier_required,
    contractAddress: row.contract_address,
    tokenSymbol: row.token_symbol,
    location: row.location,
    imagePath: row.image_path,
  };
}
