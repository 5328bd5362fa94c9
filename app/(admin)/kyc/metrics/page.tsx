import type { Metadata } from 'next';
import { BarChart } from '@/components/charts/charts';
import { AccessDenied } from '@/components/ui/access-denied';
import { KpiCard } from '@/components/ui/kpi-card';
import { PageHeader } from '@/components/ui/page-header';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Section } from '@/components/ui/section';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { findKycMetrics } from '@/lib/kyc/kyc-metrics';
import { loadPage } from '@/lib/page';

export const metadata: Metadata = { title: 'KYC metrics' };
export const dynamic = 'force-dynamic';

const DAYS = 30;
const hours = (value: number | null) => (value === null ? '—' : value < 1 ? `${Math.round(value * 60)} min` : `${value.toFixed(1)} h`);
const rate = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);

export default async function KycMetricsPage() {
  const page = await loadPage('kyc:read', async ({ em }) => {
    const to = new Date();
    return findKycMetrics(em, { from: new Date(to.getTime() - DAYS * 86_400_000), to });
  });
  if (!page.allowed) return <AccessDenied message={page.message} />;
  const metrics = page.data;
  return (
    <div className="flex flex-col gap-4">
      <PageHeader
        title="KYC metrics"
        description={`Decisions of the last ${DAYS} days. Review time runs from submission to decision and leaves out the time spent waiting for the applicant.`}
      />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        <KpiCard
          label="Time to decision p50"
          value={hours(metrics.timeToDecision.p50Hours)}
          detail={`${metrics.timeToDecision.decisions} decisions`}
          testId="kyc-p50"
        />
        <KpiCard label="Time to decision p90" value={hours(metrics.timeToDecision.p90Hours)} testId="kyc-p90" />
        <KpiCard
          label="Approval rate"
          value={rate(metrics.approvalRate)}
          detail={`${metrics.decisions.approved} approved · ${metrics.decisions.rejected} rejected`}
        />
        <KpiCard label="Resubmission rate" value={rate(metrics.resubmissionRate)} detail={`${metrics.decisions.resubmissionRequested} requests`} />
        <KpiCard
          label="SLA breached now"
          value={metrics.slaBreachedNow.toLocaleString('en-US')}
          tone={metrics.slaBreachedNow > 0 ? 'warning' : 'default'}
          href="/kyc?breached=true"
        />
      </div>
      <BarChart
        title="Decisions per day"
        description="Approvals, rejections and resubmission requests (UTC days)."
        data={metrics.daily}
        categoryKey="day"
        categoryLabel="Day"
        series={[
          { key: 'approved', label: 'Approved', color: 'var(--chart-2)' },
          { key: 'rejected', label: 'Rejected', color: 'var(--chart-5)' },
          { key: 'resubmissionRequested', label: 'Resubmission requested', color: 'var(--chart-3)' },
        ]}
      />
      <Section id="reviewers" title="Per reviewer">
        {metrics.perReviewer.length === 0 ? (
          <p className="text-sm text-muted-foreground">No decisions in these {DAYS} days.</p>
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Reviewer</TableHead>
                <TableHead className="text-right">Approved</TableHead>
                <TableHead className="text-right">Rejected</TableHead>
                <TableHead className="text-right">Resubmission requested</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {metrics.perReviewer.map((row) => (
                <TableRow key={row.reviewer}>
                  <TableCell dir="auto">{row.reviewer}</TableCell>
                  <TableCell className="text-right tabular-nums">{row.approved}</TableCell>
                  <TableCell className="text-right tabular-nums">{row.rejected}</TableCell>
                  <TableCell className="text-right tabular-nums">{row.resubmissionRequested}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Section>
      <Section
        id="compliance-report"
        title="Compliance report"
        description="Applications by status, decisions and rates, time to decision p50/p90, SLA breaches, decisions by reviewer and by day, as a PDF. Each download is audited."
      >
        {/* A plain GET form: the browser downloads the PDF; the route audits it. */}
        <form method="get" action="/api/kyc-review/compliance-report" className="flex flex-wrap items-end gap-3">
          <div className="grid gap-2">
            <Label htmlFor="report-from">From (UTC day)</Label>
            <Input id="report-from" name="from" type="date" required defaultValue={metrics.from.slice(0, 10)} className="w-44" />
          </div>
          <div className="grid gap-2">
            <Label htmlFor="report-to">To (UTC day, included)</Label>
            <Input id="report-to" name="to" type="date" required defaultValue={metrics.to.slice(0, 10)} className="w-44" />
          </div>
          <Button type="submit" variant="outline">
            Download PDF
          </Button>
        </form>
      </Section>
    </div>
  );
}
