import type { Metadata } from 'next';
import Link from 'next/link';
import { CalendarClockIcon, ShieldCheckIcon } from 'lucide-react';
import { AccessDenied } from '@/components/ui/access-denied';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { hasPermission } from '@/lib/auth/permissions';
import { findRecentExports, RECENT_EXPORTS_LIMIT } from '@/lib/exports/verify-export';
import { loadPage } from '@/lib/page';
import { ExportJobsTable } from './export-jobs-table';
import { RefreshWhileRunning } from './refresh-while-running';

export const metadata: Metadata = { title: 'Exports' };

export default async function ExportsPage() {
  const page = await loadPage('exports:create', async ({ em, actor }) => ({
    jobs: await findRecentExports(em, actor),
    seesEveryone: hasPermission(actor.role, 'audit:read'),
    viewerId: actor.id,
  }));
  if (!page.allowed) return <AccessDenied message={page.message} />;
  const { jobs, seesEveryone, viewerId } = page.data;
  const isRunning = jobs.some((job) => job.requestedById === viewerId && (job.state === 'queued' || job.state === 'running'));
  return (
    <>
      <PageHeader
        title="Exports"
        description={`Every export of a grid, with the SHA-256 of the file as it left the server. ${
          seesEveryone ? 'Everyone’s' : 'Your'
        } latest ${RECENT_EXPORTS_LIMIT} are listed; export from a grid’s Export menu.`}
        actions={
          <>
            <Button asChild variant="outline" size="sm">
              <Link href="/exports/schedules">
                <CalendarClockIcon aria-hidden /> Schedules
              </Link>
            </Button>
            <Button asChild variant="outline" size="sm">
              <Link href="/exports/verify">
                <ShieldCheckIcon aria-hidden /> Verify a file
              </Link>
            </Button>
          </>
        }
      />
      <RefreshWhileRunning isActive={isRunning} />
      <ExportJobsTable jobs={jobs} showRequester={seesEveryone} />
    </>
  );
}
