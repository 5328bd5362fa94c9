import { RouteNotFound } from '@/components/route-states/route-not-found';

export default function AssetNotFound() {
  return <RouteNotFound area="Assets" backHref="/assets" backLabel="Back to Assets" />;
}
