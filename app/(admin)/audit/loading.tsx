import { PageSkeleton } from '@/components/route-states/page-skeleton';

export default function AuditLoading() {
  return <PageSkeleton label="Audit" rows={12} />;
}
