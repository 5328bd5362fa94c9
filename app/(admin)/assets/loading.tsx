import { PageSkeleton } from '@/components/route-states/page-skeleton';

export default function AssetsLoading() {
  return <PageSkeleton label="Assets" rows={6} />;
}
