import { RouteNotFound } from '@/components/route-states/route-not-found';

export default function AssetsNotFound() {
  return <RouteNotFound area="Assets" backHref="/assets" backLabel="Back to Assets" />;
}
