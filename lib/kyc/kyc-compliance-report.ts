import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { Actor } from '@/lib/actor';
import type { AuditContext } from '@/lib/audit/audit-context';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { ExportCellValue } from '@/lib/exports/export-grid';
import { pdfWriter } from '@/lib/exports/writers/pdf';
import { findKycMetrics, type KycMetrics } from './kyc-metrics';
import { KYC_STATUS_LABELS } from './kyc-labels';

const DAY_MS = 86_400_000;
const MAX_DAYS = 366;
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD.');

/** The report's period: whole UTC days, both ends included; the last 30 days when not given. */
export const kycComplianceReportSchema = z.object({ from: day.optional(), to: day.optional() }).transform(({ from, to }, ctx) => {
  const end = to ? Date.parse(`${to}T00:00:00Z`) + DAY_MS : Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) + DAY_MS;
  const start = from ? Date.parse(`${from}T00:00:00Z`) : end - 30 * DAY_MS;
  if (Number.isNaN(start) || Number.isNaN(end)) {
    ctx.addIssue({ code: 'custom', message: 'Not a date.' });
    return z.NEVER;
  }
  if (start >= end) ctx.addIssue({ code: 'custom', path: ['to'], message: 'The period ends before it starts.' });
  if (end - start > MAX_DAYS * DAY_MS) ctx.addIssue({ code: 'custom', path: ['to'], message: `At most ${MAX_DAYS} days.` });
  return { from: new Date(start), to: new Date(end) };
});
export type KycComplianceReportPeriod = z.output<typeof kycComplianceReportSchema>;

const COLUMNS = [
  { key: 'section', label: 'Section', type: 'text' as const },
  { key: 'figure', label: 'Figure', type: 'text' as const },
  { key: 'value', label: 'Value', type: 'text' as const },
];

const hours = (value: number | null) => (value === null ? 'no decisions' : `${Number(value.toFixed(2))} h`);
const rate = (value: number | null) => (value === null ? 'no decisions' : `${(value * 100).toFixed(1)}%`);
/** One line per kind of decision: a value column wide enough for a number, never cut. */
const countRows = (section: string, name: string, row: { approved: number; rejected: number; resubmissionRequested: number }): ExportCellValue[][] => [
  [section, `${name} · approved`, String(row.approved)],
  [section, `${name} · rejected`, String(row.rejected)],
  [section, `${name} · resubmissions requested`, String(row.resubmissionRequested)],
];

/** The report's lines, in reading order: statuses now, decisions and rates, time to decision, SLA, per reviewer, per day. */
export function complianceReportRows(metrics: KycMetrics, statuses: Record<string, number>): ExportCellValue[][] {
  return [
    ...Object.entries(KYC_STATUS_LABELS).map(([status, label]) => ['Applications by status (now)', label, String(statuses[status] ?? 0)]),
    ['Decisions in the period', 'Approved', String(metrics.decisions.approved)],
    ['Decisions in the period', 'Rejected', String(metrics.decisions.rejected)],
    ['Decisions in the period', 'Resubmissions requested', String(metrics.decisions.resubmissionRequested)],
    ['Decisions in the period', 'Approval rate', rate(metrics.approvalRate)],
    ['Decisions in the period', 'Resubmission rate', rate(metrics.resubmissionRate)],
    ['Time to decision', 'p50 (waits for the applicant left out)', hours(metrics.timeToDecision.p50Hours)],
    ['Time to decision', 'p90 (waits for the applicant left out)', hours(metrics.timeToDecision.p90Hours)],
    ['Time to decision', 'Decisions measured', String(metrics.timeToDecision.decisions)],
    ['SLA', 'Applications past their SLA (now)', String(metrics.slaBreachedNow)],
    ...metrics.perReviewer.flatMap((row) => countRows('Decisions by reviewer', row.reviewer, row)),
    ...metrics.daily.flatMap((row) => countRows('Decisions by day (UTC)', row.day, row)),
  ];
}

async function* rowsOf(rows: ExportCellValue[][]): AsyncIterable<ExportCellValue[][]> {
  yield rows;
}

/**
 * The KYC compliance report for a period as a PDF (the exports' PDF writer): the same figures as
 * /kyc/metrics. Audited as KYC_REPORT_EXPORTED with the period and the report id printed on it.
 */
export async function buildKycComplianceReport(
  em: EntityManager,
  actor: Actor,
  period: KycComplianceReportPeriod,
  audit: AuditContext,
): Promise<{ reportId: string; bytes: Buffer; filename: string }> {
  const metrics = await findKycMetrics(em, period);
  const statusRows = await em.execute<Array<{ status: string; n: string }>>(`SELECT status, count(*) AS n FROM kyc_applications GROUP BY status`);
  const statuses = Object.fromEntries(statusRows.map((row) => [row.status, Number(row.n)]));
  const reportId = randomUUID();
  const firstDay = period.from.toISOString().slice(0, 10);
  const lastDay = new Date(period.to.getTime() - DAY_MS).toISOString().slice(0, 10);
  await recordAuditEvent(
    em,
    { action: 'KYC_REPORT_EXPORTED', tableName: 'kyc_applications', recordId: reportId, newValues: { from: firstDay, to: lastDay, format: 'pdf' } },
    audit,
  );
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await pdfWriter(
    rowsOf(complianceReportRows(metrics, statuses)),
    {
      jobId: reportId,
      title: 'KYC compliance report',
      filterText: `Decisions from ${firstDay} to ${lastDay} (UTC, both days included)`,
      columns: COLUMNS,
      generatedAt: new Date(),
      generatedBy: actor.email,
    },
    out,
  );
  return { reportId, bytes: Buffer.concat(chunks), filename: `kyc-compliance-${firstDay}-to-${lastDay}.pdf` };
}
