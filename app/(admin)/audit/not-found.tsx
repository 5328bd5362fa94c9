import { RouteNotFound } from '@/components/route-states/route-not-found';

export default function AuditNotFound() {
  return <RouteNotFound area="Audit" backHref="/audit" backLabel="Back to Audit" />;
}
