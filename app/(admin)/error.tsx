'use client';

import { RouteError, type RouteErrorProps } from '@/components/route-states/route-error';

export default function AdminError(props: RouteErrorProps) {
  return <RouteError area="This page" {...props} />;
}
