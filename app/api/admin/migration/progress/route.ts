// GET /api/admin/migration/progress – the dashboard job's live progress; the migration page polls it every second while a job runs
import { NextResponse } from 'next/server';
import { readMigrationJobStatus } from '@/lib/migration-dashboard/migration-job-progress';
import { apiRoute } from '@/lib/route';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({ permission: 'migration:read' }, async ({ em }) =>
  NextResponse.json(await readMigrationJobStatus(em), { headers: { 'Cache-Control': 'no-store' } }),
);
