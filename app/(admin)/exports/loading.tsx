import { PageSkeleton } from '@/components/route-states/page-skeleton';

export default function ExportsLoading() {
  return <PageSkeleton label="Exports" rows={6} />;
}
