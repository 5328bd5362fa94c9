import { AreaChart, BarChart, DonutChart, LineChart } from '@/components/charts/charts';
import { cache } from '@/lib/cache';
import { getDashboardKpis } from '@/lib/dashboard/get-dashboard-kpis';
import { loadPage } from '@/lib/page';

const label = (status: string) => status.replace(/_/g, ' ');

/** The dashboard's charts, each with its numbers as a table behind it. */
export async function DashboardCharts() {
  const page = await loadPage('dashboard:read', async ({ em }) => getDashboardKpis(em, cache()));
  if (!page.allowed) return null;
  const kpis = page.data;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <AreaChart
        title="New wallets per month"
        description="The last twelve months of the imported data."
        data={kpis.users.newPerMonth}
        categoryKey="month"
        categoryLabel="Month"
        series={[{ key: 'value', label: 'New wallets' }]}
      />
      <LineChart
        title="Total invested"
        description="Cumulative over the assets created by each month."
        data={kpis.aum.cumulativePerMonth}
        categoryKey="month"
        categoryLabel="Month"
        series={[{ key: 'value', label: 'Total invested', color: 'var(--chart-2)' }]}
        valueFormat="compact"
      />
      <DonutChart
        title="KYC applications by status"
        data={kpis.kyc.byStatus.map((row) => ({ status: label(row.status), count: row.count }))}
        categoryKey="status"
        categoryLabel="Status"
        series={[{ key: 'count', label: 'Applications' }]}
      />
      <BarChart
        title="Assets by status"
        data={kpis.assets.byStatus.map((row) => ({ status: label(row.status), count: row.count }))}
        categoryKey="status"
        categoryLabel="Status"
        series={[{ key: 'count', label: 'Assets', color: 'var(--chart-3)' }]}
      />
    </div>
  );
}
