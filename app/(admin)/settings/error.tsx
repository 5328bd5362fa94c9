'use client';

import { RouteError, type RouteErrorProps } from '@/components/route-states/route-error';

export default function SettingsError(props: RouteErrorProps) {
  return <RouteError area="Settings" {...props} />;
}
