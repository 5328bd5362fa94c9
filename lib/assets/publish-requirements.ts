import { z } from 'zod';
import type { JsonObject } from '@/lib/legacy/canonical-json';
import { ASSET_FORM_FIELDS, type AssetFormField } from './asset-form.fields';
import { assetFieldsSchema } from './asset.schemas';

type PublishField = Extract<
  AssetFormField,
  | 'type'
  | 'title'
  | 'description'
  | 'category'
  | 'tokenSymbol'
  | 'tokenPrice'
  | 'minimumInvestment'
  | 'deadline'
  | 'contactFormat'
  | 'contactValue'
  | 'minTierRequired'
  | 'softCap'
  | 'maxSupply'
>;

type PublishRequirement = {
  field: PublishField;
  /** Required only for this asset type. */
  onlyFor?: 'interest' | 'investment';
  /** The rule a stored value must meet to count, where it is stricter than the edit schema's. */
  rule?: z.ZodType;
  /** The same gap as SQL over the `assets` table aliased `a`, for the grid's "incomplete" filter. */
  missingSql: string;
};

/**
 * What publishing an asset needs (legacy contract §1.2): the one list the wizard, the lifecycle (publish,
 * bulk status change) and the grid's "drafts missing required fields" view all read, so an asset the
 * grid calls complete can always be published, and the other way round.
 */
export const PUBLISH_REQUIREMENTS: readonly PublishRequirement[] = [
  { field: 'type', missingSql: 'a.type IS NULL' },
  { field: 'title', missingSql: 'coalesce(char_length(a.title), 0) < 3' },
  {
    field: 'description',
    rule: z.string().trim().min(50, 'Description must be at least 50 characters.').max(2000),
    missingSql: 'coalesce(char_length(a.description), 0) < 50',
  },
  { field: 'category', missingSql: "coalesce(btrim(a.category), '') = ''" },
  { field: 'tokenSymbol', missingSql: "coalesce(btrim(a.token_symbol), '') = ''" },
  { field: 'tokenPrice', missingSql: 'coalesce(a.token_price, 0) <= 0' },
  { field: 'minimumInvestment', missingSql: 'coalesce(a.minimum_investment, 0) <= 0' },
  { field: 'deadline', missingSql: 'a.deadline IS NULL' },
  { field: 'contactFormat', missingSql: 'a.contact_format IS NULL' },
  { field: 'contactValue', missingSql: "coalesce(btrim(a.contact_value), '') = ''" },
  { field: 'minTierRequired', missingSql: 'a.min_tier_required IS NULL' },
  { field: 'softCap', onlyFor: 'interest', missingSql: "(a.type = 'interest' AND coalesce(a.soft_cap, 0) <= 0)" },
  { field: 'maxSupply', onlyFor: 'investment', missingSql: "(a.type = 'investment' AND coalesce(a.max_supply, 0) <= 0)" },
];

const TYPE_NAMES = { interest: 'an interest-only asset', investment: 'an investment asset' } as const;

/** The requirements that apply to an asset of this type (none of the per-type ones while the type is unset). */
export function publishRequirementsFor(type: unknown): PublishRequirement[] {
  return PUBLISH_REQUIREMENTS.filter((requirement) => !requirement.onlyFor || requirement.onlyFor === type);
}

export function missingToPublishMessage(requirement: PublishRequirement): string {
  const label = ASSET_FORM_FIELDS[requirement.field].label;
  return requirement.onlyFor ? `${label} is required for ${TYPE_NAMES[requirement.onlyFor]}.` : `${label} is required to publish.`;
}

/** Each field a stored asset record lacks (or holds in a form that cannot be published), with its message. */
export function publishGaps(record: JsonObject): Record<string, string[]> {
  const gaps: Record<string, string[]> = {};
  for (const requirement of publishRequirementsFor(record.type)) {
    const value = record[requirement.field];
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      gaps[requirement.field] = [missingToPublishMessage(requirement)];
      continue;
    }
    const rule = requirement.rule ?? assetFieldsSchema.shape[requirement.field];
    const check = rule.safeParse(value);
    if (!check.success) gaps[requirement.field] = check.error.issues.map((issue) => `${ASSET_FORM_FIELDS[requirement.field].label}: ${issue.message}`);
  }
  return gaps;
}
