import { RouteNotFound } from '@/components/route-states/route-not-found';

export default function KycNotFound() {
  return <RouteNotFound area="KYC review" backHref="/kyc" backLabel="Back to KYC review" />;
}
