import { PageSkeleton } from '@/components/route-states/page-skeleton';

export default function ExplorerLoading() {
  return <PageSkeleton label="Explorer" rows={6} />;
}
