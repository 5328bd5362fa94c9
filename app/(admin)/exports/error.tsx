'use client';

import { RouteError, type RouteErrorProps } from '@/components/route-states/route-error';

export default function ExportsError(props: RouteErrorProps) {
  return <RouteError area="Exports" {...props} />;
}
