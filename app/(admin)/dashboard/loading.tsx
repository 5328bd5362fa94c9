import { PageSkeleton } from '@/components/route-states/page-skeleton';

export default function DashboardLoading() {
  return <PageSkeleton label="Dashboard" cards={4} rows={4} />;
}
