import { AreaChart, BarChart } from '@/components/charts/charts';
import { KpiCard, KpiGrid } from '@/components/ui/kpi-card';
import { Section } from '@/components/ui/section';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { isFiltered } from '@/lib/list-query/list-query.schemas';
import { loadPage } from '@/lib/page';
import { COHORT_MONTHS, findUserAnalytics, type UserAnalytics } from '@/lib/users/user-analytics';
import type { ListUserQueryInput } from '@/lib/users/user.schemas';

const count = (value: number) => value.toLocaleString('en-US');
const percent = (part: number, whole: number) => (whole === 0 ? '—' : `${Math.round((part / whole) * 100)}%`);
const monthLabel = (month: string) => month.slice(0, 7);

function RetentionTable({ cohorts }: { cohorts: UserAnalytics['cohorts'] }) {
  if (cohorts.length === 0) return <p className="text-sm text-muted-foreground">No registered user in this filter has a registration date.</p>;
  return (
    <div className="overflow-x-auto rounded-md border">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead scope="col">Registered in</TableHead>
            <TableHead scope="col" className="text-right">
              Users
            </TableHead>
            {Array.from({ length: COHORT_MONTHS }, (_, index) => (
              <TableHead key={index} scope="col" className="text-right">
                Month {index}
              </TableHead>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {cohorts.map((cohort) => (
            <TableRow key={cohort.cohort}>
              <TableHead scope="row" className="font-mono">
                {monthLabel(cohort.cohort)}
              </TableHead>
              <TableCell className="text-right font-mono tabular-nums">{count(cohort.users)}</TableCell>
              {cohort.active.map((active, index) => (
                <TableCell key={index} className="text-right font-mono tabular-nums" title={`${count(active)} of ${count(cohort.users)} active`}>
                  {percent(active, cohort.users)}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

/** Engagement of the identities the directory's filter matches: registrations, tiers, the KYC funnel, activity and retention. */
export async function UserAnalyticsPanel({ query }: { query: ListUserQueryInput }) {
  const result = await loadPage('users:read', ({ em }) => findUserAnalytics(em, query));
  if (!result.allowed) return null;
  const analytics = result.data;
  const latest = analytics.activity.at(-1);
  return (
    <Section id="engagement" title="Engagement" description={isFiltered(query) ? 'For the users matching the search and filters above.' : 'For every user.'}>
      <div className="flex flex-col gap-4" data-testid="user-analytics">
        <KpiGrid>
          <KpiCard label="Users" value={count(analytics.users)} detail={`${count(analytics.funnel.registered)} registered`} testId="analytics-users" />
          <KpiCard
            label="KYC funnel"
            value={`${count(analytics.funnel.registered)} → ${count(analytics.funnel.submitted)} → ${count(analytics.funnel.verified)}`}
            detail={`Registered → submitted (${percent(analytics.funnel.submitted, analytics.funnel.registered)}) → verified (${percent(analytics.funnel.verified, analytics.funnel.registered)})`}
            testId="analytics-funnel"
          />
          <KpiCard
            label="Active users"
            value={`${count(analytics.active7)} · ${count(analytics.active30)}`}
            detail="Any transaction in the last 7 · 30 days"
            testId="analytics-active"
          />
          <KpiCard
            label="Transactions per active user"
            value={latest ? (latest.transactions / latest.activeUsers).toFixed(1) : '—'}
            detail={latest ? `In ${monthLabel(latest.month)}, the latest month with activity` : 'No activity logged'}
            testId="analytics-per-user"
          />
        </KpiGrid>
        <div className="grid gap-4 lg:grid-cols-3">
          <AreaChart
            title="Registrations"
            description="Wallets created per month (UTC)."
            data={analytics.registrations.map((month) => ({ month: monthLabel(month.month), users: month.users }))}
            categoryKey="month"
            categoryLabel="Month"
            series={[{ key: 'users', label: 'Registrations' }]}
          />
          <BarChart
            title="Tier distribution"
            data={analytics.tiers.map((tier) => ({ tier: tier.tier === null ? 'No tier' : `Tier ${tier.tier}`, users: tier.users }))}
            categoryKey="tier"
            categoryLabel="Tier"
            series={[{ key: 'users', label: 'Users', color: 'var(--chart-2)' }]}
          />
          <BarChart
            title="Transactions per active user"
            description="Per month: transactions ÷ users with at least one."
            data={analytics.activity.map((month) => ({
              month: monthLabel(month.month),
              perUser: Number((month.transactions / month.activeUsers).toFixed(2)),
            }))}
            categoryKey="month"
            categoryLabel="Month"
            series={[{ key: 'perUser', label: 'Transactions per active user', color: 'var(--chart-3)' }]}
          />
        </div>
        <div className="flex flex-col gap-2">
          <h3 className="text-sm font-medium">Retention by registration month</h3>
          <p className="text-sm text-muted-foreground">Share of each month’s registrations with a transaction in that month (0) and the months after.</p>
          <RetentionTable cohorts={analytics.cohorts} />
        </div>
      </div>
    </Section>
  );
}
