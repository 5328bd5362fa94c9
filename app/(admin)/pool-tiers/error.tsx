'use client';

import { RouteError, type RouteErrorProps } from '@/components/route-states/route-error';

export default function PoolTiersError(props: RouteErrorProps) {
  return <RouteError area="Pool tiers" {...props} />;
}
