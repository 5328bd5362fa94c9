import { z } from 'zod';
import { idMember } from '../natural-key';
import { defineSource } from '../source-adapter';

/**
 * The fields the legacy migration and the admin form name. Everything else the wizard stored
 * (location, jurisdiction, legalDocuments, assetManagerProfile, …) is kept as is.
 * `contractAddress` is missing or null on drafts; `status` and `category` can be off-vocabulary or absent.
 */
export const opportunitySchema = z.looseObject({
  id: z.union([z.string(), z.number()]),
  contractAddress: z.string().nullable().optional(),
  type: z.string(),
  title: z.string(),
  description: z.string().optional(),
  category: z.string().nullable().optional(),
  status: z.string().nullable().optional(),
  createdAt: z.string().optional(),
  tokenSymbol: z.string().optional(),
  tokenPrice: z.number().optional(),
  maxSupply: z.number().optional(),
  expectedROI: z.number().optional(),
  lockupPeriod: z.number().optional(),
  minimumInvestment: z.number().optional(),
  softCap: z.number().optional(),
  deadline: z.string().optional(),
  contactFormat: z.string().optional(),
  contactValue: z.string().optional(),
  totalInvested: z.number().optional(),
  investorCount: z.number().optional(),
  interestedCount: z.number().optional(),
});

/**
 * `admin-opportunities.json`: `{ "opportunities": [ ... ] }` in creation order, or a 3-byte `{}`/`[]`.
 * Key: `String(id)`; ids are `"opp_<ms>"` strings or small numbers, and the admin log refers to them
 * the same way.
 */
export const adminOpportunitiesSource = defineSource({
  id: 'admin-opportunities',
  relativePath: 'admin-opportunities.json',
  layout: { container: 'array', wrapKey: 'opportunities', preferred: 'wrapped' },
  recordSchema: opportunitySchema,
  naturalKey: idMember('id'),
});
