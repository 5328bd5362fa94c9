'use client';

import { RouteError, type RouteErrorProps } from '@/components/route-states/route-error';

export default function AuditError(props: RouteErrorProps) {
  return <RouteError area="Audit" {...props} />;
}
