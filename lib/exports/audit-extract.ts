import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '@/lib/actor';
import type { AuditContext } from '@/lib/audit/audit-context';
import { verifyAuditChain, type AuditChainState } from '@/lib/audit/verify-audit-chain';
import { hasPermission } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import type { SearchParams } from '@/lib/list-query/list-query.schemas';
import { planExport, recordExportJob, toSearchParams } from './plan-export';
import { streamExport, type StartedExport } from './start-export';

/** The formats an extract is printed in: a PDF to hand over and a CSV to check. */
export const AUDIT_EXTRACT_FORMATS = ['pdf', 'csv'] as const;

/** The chain's verification and head in words, as the extract prints them (and its audit entry keeps them). */
export function describeChain(chain: AuditChainState): string[] {
  const scope =
    chain.scope === 'full'
      ? `full verification of ${chain.entries} entries`
      : chain.checkpoint
        ? `entries after checkpoint #${chain.checkpoint.seq} (verified ${chain.checkpoint.verifiedAt}) re-verified`
        : `full verification of ${chain.entries} entries (no earlier checkpoint)`;
  if (!chain.intact) {
    return [`Audit chain verification: BROKEN at entry #${chain.brokenAtSeq} (${chain.reason}); ${scope}`, 'Chain head: not attested (the chain is broken)'];
  }
  return [
    `Audit chain verification: intact; ${scope}`,
    chain.headSeq === null ? 'Chain head: the trail is empty' : `Chain head: #${chain.headSeq} ${chain.headHash}`,
  ];
}

/**
 * An audit-trail extract: the audit grid's rows for `params` (its filter, search, sort and visible
 * columns, through the grid's own query like any export) as a PDF or CSV that also states the chain's
 * verification and its head (sequence and hash) at the time of the extract. The chain is verified
 * first (a full verification for a role with `audit:verify` that asks for it, else since the last
 * checkpoint, as the Audit page does); the extract is a recorded export audited as AUDIT_EXTRACT with
 * that result, streamed and hashed like any other.
 */
export async function startAuditExtract(
  em: EntityManager,
  { actor, audit, params }: { actor: Actor; audit: AuditContext; params: SearchParams },
): Promise<StartedExport> {
  const search = new URLSearchParams(params instanceof URLSearchParams ? params : toSearchParams(params));
  const full = search.get('verify') === 'full';
  search.delete('verify');
  const plan = planExport({ actor, gridId: 'audit', params: search });
  if (!(AUDIT_EXTRACT_FORMATS as readonly string[]).includes(plan.options.format)) {
    throw new AppError('VALIDATION', 'An audit-trail extract is a PDF or a CSV.', { format: ['Choose pdf or csv.'] });
  }
  if (full && !hasPermission(actor.role, 'audit:verify')) throw new AppError('FORBIDDEN', 'Your role may not run a full verification of the chain.');
  const chain = await verifyAuditChain(em.fork(), full ? 'full' : 'since-checkpoint');
  const attestation = describeChain(chain);
  const job = await recordExportJob(em, {
    plan,
    actor,
    audit,
    action: 'AUDIT_EXTRACT',
    auditValues: {
      chainIntact: chain.intact,
      verification: chain.scope,
      headSeq: chain.intact ? chain.headSeq : null,
      headHash: chain.intact ? chain.headHash : null,
      ...(chain.intact ? {} : { brokenAtSeq: chain.brokenAtSeq }),
    },
  });
  return streamExport(em, { plan, job, audit, document: { title: 'Audit-trail extract', attestation } });
}
