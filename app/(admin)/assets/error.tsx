'use client';

import { RouteError, type RouteErrorProps } from '@/components/route-states/route-error';

export default function AssetsError(props: RouteErrorProps) {
  return <RouteError area="Assets" {...props} />;
}
