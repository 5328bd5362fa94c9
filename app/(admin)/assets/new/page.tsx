import type { Metadata } from 'next';
import { AccessDenied } from '@/components/ui/access-denied';
import { PageHeader } from '@/components/ui/page-header';
import { toAssetFormValues } from '@/lib/assets/asset-form.schemas';
import { loadPage } from '@/lib/page';
import { AssetWizard } from '../_wizard/asset-wizard';

export const metadata: Metadata = { title: 'New asset' };

export default async function NewAssetPage() {
  const page = await loadPage('assets:write', () => Promise.resolve(null));
  if (!page.allowed) return <AccessDenied message={page.message} />;
  return (
    <>
      <PageHeader title="New asset" description="Five steps, as in the legacy wizard. Save a draft at any step; publishing checks every field." />
      <AssetWizard mode="create" initial={toAssetFormValues({})} />
    </>
  );
}
