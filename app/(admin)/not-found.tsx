import { RouteNotFound } from '@/components/route-states/route-not-found';

export default function AdminNotFound() {
  return <RouteNotFound area="the admin area" backHref="/dashboard" backLabel="Back to the dashboard" />;
}
