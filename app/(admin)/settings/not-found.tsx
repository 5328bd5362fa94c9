import { RouteNotFound } from '@/components/route-states/route-not-found';

export default function SettingsNotFound() {
  return <RouteNotFound area="Settings" backHref="/settings/admin-users" backLabel="Back to Settings" />;
}
