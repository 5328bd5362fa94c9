'use client';

import { RouteError, type RouteErrorProps } from '@/components/route-states/route-error';

export default function ExplorerError(props: RouteErrorProps) {
  return <RouteError area="Explorer" {...props} />;
}
