'use client';

import { RouteError, type RouteErrorProps } from '@/components/route-states/route-error';

export default function DashboardError(props: RouteErrorProps) {
  return <RouteError area="Dashboard" {...props} />;
}
