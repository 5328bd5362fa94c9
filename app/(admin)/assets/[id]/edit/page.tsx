import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AccessDenied } from '@/components/ui/access-denied';
import { PageHeader } from '@/components/ui/page-header';
import { editorOriginal, findAssetRecord } from '@/lib/assets/asset-editor.service';
import { toAssetFormValues } from '@/lib/assets/asset-form.schemas';
import { loadPage } from '@/lib/page';
import { AssetWizard } from '../../_wizard/asset-wizard';

export const metadata: Metadata = { title: 'Edit asset' };

export default async function EditAssetPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ reload?: string }> }) {
  const { id } = await params;
  const { reload } = await searchParams;
  const page = await loadPage('assets:write', ({ em }) => findAssetRecord(em, { id }));
  if (!page.allowed) return <AccessDenied message={page.message} />;
  if (!page.data) notFound();
  const { record, provenance } = page.data;
  const title = typeof record.title === 'string' && record.title ? record.title : provenance.legacyKey;
  const status = typeof record.status === 'string' ? record.status : '';
  return (
    <>
      <PageHeader title={<span dir="auto">Edit {title}</span>} description={`${provenance.legacyKey} · ${status || 'no status'}`} />
      {/* "Reload theirs" navigates with a new `reload` value: the form then starts again from the stored record. */}
      <AssetWizard
        key={reload ?? 'loaded'}
        mode="edit"
        id={page.data.id}
        title={title}
        status={status}
        initial={toAssetFormValues(record)}
        original={editorOriginal(record)}
      />
    </>
  );
}
