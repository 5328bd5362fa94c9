import type { Metadata } from 'next';
import { AccessDenied } from '@/components/ui/access-denied';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { getMfaPolicy } from '@/lib/admin-mfa/mfa-policy';
import { loadPage } from '@/lib/page';
import { MfaRolesForm } from './mfa-roles-form';

export const metadata: Metadata = { title: 'Security settings' };

export default async function SecuritySettingsPage() {
  const page = await loadPage('admin-users:manage', async ({ em }) => getMfaPolicy(em));
  if (!page.allowed) return <AccessDenied message={page.message} />;
  return (
    <>
      <PageHeader title="Settings · Security" description="Which roles must use two-step sign-in (an authenticator app code after the password)." />
      <Section id="mfa-roles" title="Two-step sign-in">
        <MfaRolesForm required={page.data.roles} fromEnvironment={page.data.source === 'environment'} />
      </Section>
    </>
  );
}
