import { RouteNotFound } from '@/components/route-states/route-not-found';

export default function UsersNotFound() {
  return <RouteNotFound area="Users" backHref="/users" backLabel="Back to Users" />;
}
