import { PageSkeleton } from '@/components/route-states/page-skeleton';

export default function PoolTiersLoading() {
  return <PageSkeleton label="Pool tiers" rows={8} />;
}
