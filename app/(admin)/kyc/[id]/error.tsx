'use client';

import { RouteError, type RouteErrorProps } from '@/components/route-states/route-error';

export default function KycError(props: RouteErrorProps) {
  return <RouteError area="KYC review" {...props} />;
}
