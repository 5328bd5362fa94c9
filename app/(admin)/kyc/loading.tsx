import { PageSkeleton } from '@/components/route-states/page-skeleton';

export default function KycLoading() {
  return <PageSkeleton label="KYC review" rows={6} />;
}
