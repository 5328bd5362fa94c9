import { PageSkeleton } from '@/components/route-states/page-skeleton';

export default function AdminLoading() {
  return <PageSkeleton label="the page" />;
}
