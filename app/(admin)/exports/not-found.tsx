import { RouteNotFound } from '@/components/route-states/route-not-found';

export default function ExportsNotFound() {
  return <RouteNotFound area="Exports" backHref="/exports" backLabel="Back to Exports" />;
}
