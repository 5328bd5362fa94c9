import { RouteNotFound } from '@/components/route-states/route-not-found';

export default function DashboardNotFound() {
  return <RouteNotFound area="Dashboard" backHref="/dashboard" backLabel="Back to Dashboard" />;
}
