'use client';

import { RouteError, type RouteErrorProps } from '@/components/route-states/route-error';

export default function AnalyticsError(props: RouteErrorProps) {
  return <RouteError area="Analytics" {...props} />;
}
