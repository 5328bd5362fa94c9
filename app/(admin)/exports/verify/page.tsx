import type { Metadata } from 'next';
import Link from 'next/link';
import { AccessDenied } from '@/components/ui/access-denied';
import { PageHeader } from '@/components/ui/page-header';
import { loadPage } from '@/lib/page';
import { VerifyExportForm } from './verify-export-form';

export const metadata: Metadata = { title: 'Verify an export' };

export default async function VerifyExportPage() {
  const page = await loadPage('exports:create', async () => null);
  if (!page.allowed) return <AccessDenied message={page.message} />;
  return (
    <>
      <PageHeader
        title="Verify an export"
        description="Pick a file someone says came from Pend Admin: its SHA-256 is compared with every recorded export. The file is hashed in your browser and is not uploaded."
        actions={
          <Link href="/exports" className="text-sm underline underline-offset-4">
            All exports
          </Link>
        }
      />
      <VerifyExportForm />
    </>
  );
}
