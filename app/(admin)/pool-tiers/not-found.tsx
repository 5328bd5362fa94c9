import { RouteNotFound } from '@/components/route-states/route-not-found';

export default function PoolTiersNotFound() {
  return <RouteNotFound area="Pool tiers" backHref="/pool-tiers" backLabel="Back to Pool tiers" />;
}
