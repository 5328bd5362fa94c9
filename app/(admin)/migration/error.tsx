'use client';

import { RouteError, type RouteErrorProps } from '@/components/route-states/route-error';

export default function MigrationError(props: RouteErrorProps) {
  return <RouteError area="Migration" {...props} />;
}
