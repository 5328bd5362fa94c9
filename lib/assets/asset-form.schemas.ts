export { ASSET_FORM_FIELDS, ASSET_WIZARD_STEPS, type AssetFormField, type AssetFormValues, type AssetWizardStep } from './asset-form.fields';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { ASSET_TYPES, CONTACT_FORMATS } from '@/lib/migration/mappings/admin-opportunities';
import { type AssetFormField, type AssetFormValues } from './asset-form.fields';
import type { AssetFields } from './asset.schemas';
import { missingToPublishMessage, publishRequirementsFor } from './publish-requirements';

/** EIP-55: the address with each hex letter upper-cased where the keccak-256 of its lower-case form has a nibble ≥ 8. */
export function toChecksumAddress(address: string): string {
  const lower = address.slice(2).toLowerCase();
  const hash = bytesToHex(keccak_256(utf8ToBytes(lower)));
  return `0x${[...lower].map((character, index) => (Number.parseInt(hash[index], 16) >= 8 ? character.toUpperCase() : character)).join('')}`;
}

const WHATSAPP_NUMBER = /^\+[1-9][0-9]{7,14}$/;
const TOKEN_SYMBOL = /^[A-Z][A-Z0-9]{1,9}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A blank input is an absent value: a draft may leave it out, publishing asks for it. */
const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optional = <Schema extends z.ZodType>(schema: Schema) => z.preprocess(blankToUndefined, schema.optional());

const text = (label: string, max: number) => z.string().trim().max(max, `${label} must be at most ${max} characters.`);
const decimal = (label: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, `${label} must be a number, like 1250 or 12.5.`)
    .transform(Number)
    .refine(Number.isFinite, `${label} is too large.`);
const positive = (label: string) => decimal(label).refine((value) => value > 0, `${label} must be more than 0.`);
const wholeNumber = (label: string) =>
  z.string().trim().regex(/^\d+$/, `${label} must be a whole number.`).transform(Number).refine(Number.isSafeInteger, `${label} is too large.`);

const legalDocumentsSchema = z.preprocess(
  (value) => {
    if (typeof value !== 'string' || value.trim() === '') return [];
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return null;
    }
  },
  z
    .array(z.object({ name: z.string().max(200), type: z.literal('application/pdf'), size: z.number().int().nonnegative(), url: z.string().max(500) }), {
      error: 'Legal documents must be uploaded PDFs.',
    })
    .max(20, 'At most 20 legal documents.'),
);

/**
 * What the wizard posts: each present field must be valid (a draft may leave any out but the title);
 * `intent` says whether the asset is kept a draft, published (every required field checked) or
 * saved as it is (an asset already past draft is checked like a publish).
 */
export const assetFormSchema = z.object({
  intent: z.enum(['draft', 'publish', 'save']),
  type: optional(z.enum(ASSET_TYPES, { error: 'Choose investment or interest.' })),
  title: z.preprocess(
    blankToUndefined,
    z
      .string({ error: 'Title is required, even for a draft.' })
      .trim()
      .min(3, 'Title must be at least 3 characters.')
      .max(100, 'Title must be at most 100 characters.'),
  ),
  description: optional(z.string().trim().min(50, 'Description must be at least 50 characters.').max(2000, 'Description must be at most 2,000 characters.')),
  category: optional(text('Category', 100)),
  location: optional(text('Location', 200)),
  sector: optional(text('Sector', 100)),
  highlights: optional(z.string().max(6300, 'Highlights are too long.')),
  image: optional(z.string().regex(/^uploads\/assets\/[A-Za-z0-9_.-]+$/, 'Upload the image again.')),
  thumbnailId: optional(z.string().regex(/^[A-Za-z0-9_-]{1,100}$/)),
  tokenSymbol: optional(z.string().trim().regex(TOKEN_SYMBOL, 'Token symbol must be 2–10 upper-case letters or digits, starting with a letter (like PSF1).')),
  tokenPrice: optional(positive('Token price')),
  maxSupply: optional(wholeNumber('Maximum supply').refine((value) => value > 0, 'Maximum supply must be more than 0.')),
  minimumInvestment: optional(positive('Minimum investment')),
  softCap: optional(positive('Soft cap')),
  expectedROI: optional(decimal('Expected ROI').refine((value) => value <= 1000, 'Expected ROI must be at most 1,000%.')),
  roiModel: optional(text('ROI model', 100)),
  lockupPeriod: optional(wholeNumber('Lock-up period')),
  deadline: optional(
    z
      .string()
      .trim()
      .regex(DATE, 'Deadline must be a date (YYYY-MM-DD).')
      .refine((value) => Number.isFinite(Date.parse(value)), 'Deadline is not a date.'),
  ),
  impact: optional(text('Impact statement', 2000)),
  jurisdiction: optional(text('Jurisdiction', 100)),
  spvName: optional(text('SPV name', 200)),
  custodyType: optional(text('Custody type', 100)),
  minTierRequired: optional(
    z
      .string()
      .trim()
      .regex(/^[0-5]$/, 'Minimum tier must be a whole number from 0 to 5.')
      .transform(Number),
  ),
  contractAddress: optional(
    z
      .string()
      .trim()
      .regex(/^0x[0-9a-fA-F]{40}$/, 'Contract address must be 0x followed by 40 hex digits.')
      .superRefine((value, context) => {
        const checksummed = toChecksumAddress(value);
        if (value !== checksummed)
          context.addIssue({ code: 'custom', message: `Contract address is not checksummed (EIP-55); its checksummed form is ${checksummed}.` });
      }),
  ),
  legalDocuments: legalDocumentsSchema,
  contactFormat: optional(z.enum(CONTACT_FORMATS, { error: 'Choose WhatsApp or e-mail.' })),
  contactValue: optional(z.string().trim().max(200, 'Contact must be at most 200 characters.')),
  managerName: optional(text('Manager name', 200)),
  managerTitle: optional(text('Manager title', 200)),
  managerBio: optional(text('Manager bio', 2000)),
  managerVerified: z.preprocess((value) => value === 'on' || value === 'true', z.boolean()),
  managerPartner: z.preprocess((value) => value === 'on' || value === 'true', z.boolean()),
});
export type AssetFormInput = z.infer<typeof assetFormSchema>;

/** A wizard post as the action receives it: text fields only (files go through the upload route); the service parses it field by field. */
export const assetFormPostSchema = z.record(z.string(), z.string().max(20_000, 'This field is too long.'));

type FieldErrors = Partial<Record<AssetFormField | 'title', string[]>>;

/**
 * The rules that span fields or depend on the asset's state, as field errors: required fields when
 * publishing, a soft cap for interest-only assets, the contact matching its format, and a deadline in
 * the future when it is set for a new asset (or changed on an existing one).
 */
export function assetFormRuleErrors(
  input: AssetFormInput,
  { checkAll, deadlineMustBeFuture, today }: { checkAll: boolean; deadlineMustBeFuture: boolean; today: string },
): FieldErrors {
  const errors: FieldErrors = {};
  const add = (field: AssetFormField, message: string) => (errors[field] ??= []).push(message);
  if (checkAll) {
    for (const requirement of publishRequirementsFor(input.type))
      if (input[requirement.field] === undefined) add(requirement.field, missingToPublishMessage(requirement));
  }
  if (input.contactValue !== undefined) {
    if (input.contactFormat === 'whatsapp' && !WHATSAPP_NUMBER.test(input.contactValue.replace(/[\s-]/g, '')))
      add('contactValue', 'Contact must be a WhatsApp number in international form, like +201001234567.');
    if (input.contactFormat === 'email' && !z.email().safeParse(input.contactValue).success)
      add('contactValue', 'Contact must be an e-mail address, like ir@example.com.');
    if (input.contactFormat === undefined) add('contactFormat', 'Choose WhatsApp or e-mail for the contact.');
  }
  if (deadlineMustBeFuture && input.deadline !== undefined && input.deadline <= today) add('deadline', 'Deadline must be in the future.');
  return errors;
}

type RuleContext = { checkAll: boolean; deadlineMustBeFuture: (deadline: string) => boolean; today: string };

/**
 * Parses a wizard post and applies the cross-field rules in one pass, so every broken field is named
 * at once: each field is parsed on its own, the rules run on the fields that parsed, and a field
 * already wrong is not also reported missing. Throws VALIDATION with every field's messages.
 */
export function validateAssetForm(raw: Record<string, unknown>, context: RuleContext, extraErrors: FieldErrors = {}): AssetFormInput {
  const parsed = assetFormSchema.safeParse(raw);
  const errors: FieldErrors = { ...extraErrors };
  if (parsed.success) {
    const deadlineMustBeFuture = parsed.data.deadline !== undefined && context.deadlineMustBeFuture(parsed.data.deadline);
    Object.assign(errors, mergeErrors(errors, assetFormRuleErrors(parsed.data, { checkAll: context.checkAll, deadlineMustBeFuture, today: context.today })));
    if (Object.keys(errors).length === 0) return parsed.data;
    throw new AppError('VALIDATION', 'Some fields need attention.', errors as Record<string, string[]>);
  }
  const valid: Record<string, unknown> = {};
  for (const [field, schema] of Object.entries(assetFormSchema.shape)) {
    const result = (schema as z.ZodType).safeParse(raw[field]);
    if (result.success) valid[field] = result.data;
    else errors[field as AssetFormField] = result.error.issues.map((issue) => issue.message);
  }
  const partial = valid as AssetFormInput;
  const deadlineMustBeFuture = partial.deadline !== undefined && context.deadlineMustBeFuture(partial.deadline);
  const rules = assetFormRuleErrors(partial, { checkAll: context.checkAll, deadlineMustBeFuture, today: context.today });
  for (const [field, messages] of Object.entries(rules)) if (!errors[field as AssetFormField]) errors[field as AssetFormField] = messages;
  throw new AppError('VALIDATION', 'Some fields need attention.', errors as Record<string, string[]>);
}

function mergeErrors(into: FieldErrors, more: FieldErrors): FieldErrors {
  const merged: FieldErrors = { ...into };
  for (const [field, messages] of Object.entries(more)) merged[field as AssetFormField] = [...(merged[field as AssetFormField] ?? []), ...(messages ?? [])];
  return merged;
}

/** The form's values as the legacy record names and stores them (numbers as JSON numbers; blanks left out). */
export function toAssetFields(input: AssetFormInput): Partial<AssetFields> & { thumbnailId?: string } {
  const profile =
    input.managerName !== undefined
      ? {
          name: input.managerName,
          ...(input.managerTitle !== undefined ? { title: input.managerTitle } : {}),
          ...(input.managerBio !== undefined ? { bio: input.managerBio } : {}),
          verified: input.managerVerified,
          partner: input.managerPartner,
        }
      : undefined;
  const contactValue = input.contactFormat === 'whatsapp' ? input.contactValue?.replace(/[\s-]/g, '') : input.contactValue;
  const fields = {
    type: input.type,
    title: input.title,
    description: input.description,
    category: input.category,
    location: input.location,
    sector: input.sector,
    highlights: input.highlights
      ?.split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
    image: input.image,
    thumbnailId: input.thumbnailId,
    tokenSymbol: input.tokenSymbol,
    tokenPrice: input.tokenPrice,
    maxSupply: input.maxSupply,
    minimumInvestment: input.minimumInvestment,
    softCap: input.softCap,
    expectedROI: input.expectedROI,
    roiModel: input.roiModel,
    lockupPeriod: input.lockupPeriod,
    deadline: input.deadline,
    impact: input.impact,
    jurisdiction: input.jurisdiction,
    spvName: input.spvName,
    custodyType: input.custodyType,
    minTierRequired: input.minTierRequired,
    contractAddress: input.contractAddress,
    legalDocuments: input.legalDocuments.length > 0 ? input.legalDocuments : undefined,
    contactFormat: input.contactFormat,
    contactValue,
    assetManagerProfile: profile,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

const asText = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '');

/** A stored record as the wizard's inputs (a new asset starts from an empty record). */
export function toAssetFormValues(record: Record<string, unknown>): AssetFormValues {
  const profile = (record.assetManagerProfile && typeof record.assetManagerProfile === 'object' ? record.assetManagerProfile : {}) as Record<string, unknown>;
  const deadline = asText(record.deadline);
  return {
    type: asText(record.type),
    title: asText(record.title),
    description: asText(record.description),
    category: asText(record.category),
    location: asText(record.location),
    sector: asText(record.sector),
    highlights: Array.isArray(record.highlights) ? record.highlights.map(asText).join('\n') : '',
    image: asText(record.image),
    thumbnailId: asText(record.thumbnailId),
    tokenSymbol: asText(record.tokenSymbol),
    tokenPrice: asText(record.tokenPrice),
    maxSupply: asText(record.maxSupply),
    minimumInvestment: asText(record.minimumInvestment),
    softCap: asText(record.softCap),
    expectedROI: asText(record.expectedROI),
    roiModel: asText(record.roiModel),
    lockupPeriod: asText(record.lockupPeriod),
    // The date input holds a day; a stored timestamp keeps its day.
    deadline: DATE.test(deadline.slice(0, 10)) ? deadline.slice(0, 10) : deadline,
    impact: asText(record.impact),
    jurisdiction: asText(record.jurisdiction),
    spvName: asText(record.spvName),
    custodyType: asText(record.custodyType),
    minTierRequired: asText(record.minTierRequired),
    contractAddress: asText(record.contractAddress),
    legalDocuments: Array.isArray(record.legalDocuments) && record.legalDocuments.length > 0 ? JSON.stringify(record.legalDocuments) : '',
    contactFormat: asText(record.contactFormat),
    contactValue: asText(record.contactValue),
    managerName: asText(profile.name),
    managerTitle: asText(profile.title),
    managerBio: asText(profile.bio),
    managerVerified: profile.verified === true ? 'on' : '',
    managerPartner: profile.partner === true ? 'on' : '',
  };
}
