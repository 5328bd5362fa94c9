import { RouteNotFound } from '@/components/route-states/route-not-found';

export default function MigrationNotFound() {
  return <RouteNotFound area="Migration" backHref="/migration" backLabel="Back to Migration" />;
}
