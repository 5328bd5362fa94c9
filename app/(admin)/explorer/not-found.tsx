import { RouteNotFound } from '@/components/route-states/route-not-found';

export default function ExplorerNotFound() {
  return <RouteNotFound area="Explorer" backHref="/explorer" backLabel="Back to Explorer" />;
}
