import { PageSkeleton } from '@/components/route-states/page-skeleton';

export default function AnalyticsLoading() {
  return <PageSkeleton label="Analytics" cards={4} rows={4} />;
}
