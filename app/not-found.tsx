import { RouteNotFound } from '@/components/route-states/route-not-found';

/** Any unknown address (outside a known area): no shell, since the visitor may not be signed in. */
export default function NotFound() {
  return (
    <main className="grid min-h-svh place-items-center p-6">
      <RouteNotFound area="Pend Admin" backHref="/dashboard" backLabel="Go to the dashboard" />
    </main>
  );
}
