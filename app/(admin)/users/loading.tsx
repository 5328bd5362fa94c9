import { PageSkeleton } from '@/components/route-states/page-skeleton';

export default function UsersLoading() {
  return <PageSkeleton label="Users" rows={6} />;
}
