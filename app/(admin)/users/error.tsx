'use client';

import { RouteError, type RouteErrorProps } from '@/components/route-states/route-error';

export default function UsersError(props: RouteErrorProps) {
  return <RouteError area="Users" {...props} />;
}
