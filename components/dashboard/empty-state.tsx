import Link from 'next/link';

const DEMO_COMMAND = 'npm run demo';
const MIGRATE_COMMAND = 'npm run migrate -- --from /path/to/legacy/server';

/** Shown on the dashboard until a first import has gone through: what to run, and which folder it expects. */
export function DashboardEmptyState() {
  return (
    <section aria-labelledby="dashboard-empty-title" data-testid="dashboard-empty-state" className="mb-6 rounded-lg border bg-card p-6 text-card-foreground">
      <h2 id="dashboard-empty-title" className="mt-0 text-lg font-semibold">
        No legacy data imported yet
      </h2>
      <p className="text-muted-foreground">Users, assets, KYC cases and explorer data appear once the legacy server&apos;s data folder has been imported.</p>
      <dl className="mt-4 grid gap-4">
        <div>
          <dt className="font-medium">Try it with sample data</dt>
          <dd className="ms-0 mt-1">
            <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-sm">{DEMO_COMMAND}</code> imports the sample folder{' '}
            <code className="font-mono text-sm">examples/legacy-small/</code> and serves the app on it.
          </dd>
        </div>
        <div>
          <dt className="font-medium">Import your own legacy data</dt>
          <dd className="ms-0 mt-1">
            <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-sm">{MIGRATE_COMMAND}</code> expects the legacy server&apos;s data folder, the one
            holding <code className="font-mono text-sm">wallet-db.json</code>, <code className="font-mono text-sm">uploads/kyc/</code> and{' '}
            <code className="font-mono text-sm">explorer-data/</code>. Runs and their checks then show on the <Link href="/migration">Migration</Link> page.
          </dd>
        </div>
      </dl>
    </section>
  );
}
