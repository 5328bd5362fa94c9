import { apiRoute } from '@/lib/route';
import { AppError } from '@/lib/errors';
import { buildKycComplianceReport, kycComplianceReportSchema } from '@/lib/kyc/kyc-compliance-report';

export const dynamic = 'force-dynamic';

/** GET ?from=YYYY-MM-DD&to=YYYY-MM-DD: the KYC compliance report PDF for that period (audited; the figures of /kyc/metrics). */
export const GET = apiRoute({ permission: 'kyc:read' }, async ({ request, em, actor, audit }) => {
  if (!actor || !audit) throw new AppError('UNAUTHORIZED', 'Sign in again.');
  const search = request.nextUrl.searchParams;
  const period = kycComplianceReportSchema.parse({ from: search.get('from') ?? undefined, to: search.get('to') ?? undefined });
  const report = await buildKycComplianceReport(em, actor, period, audit);
  return new Response(new Uint8Array(report.bytes), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Length': String(report.bytes.length),
      'Content-Disposition': `attachment; filename="${report.filename}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
});
