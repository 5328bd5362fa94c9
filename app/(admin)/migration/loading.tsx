import { PageSkeleton } from '@/components/route-states/page-skeleton';

export default function MigrationLoading() {
  return <PageSkeleton label="Migration" cards={4} rows={10} />;
}
