import type { Metadata } from 'next';
import { AccessDenied } from '@/components/ui/access-denied';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { listApiTokens } from '@/lib/api-tokens/api-token.service';
import { loadPage } from '@/lib/page';
import { ApiTokenList } from './api-token-list';
import { CreateApiTokenForm } from './create-api-token-form';

export const metadata: Metadata = { title: 'API tokens' };

export default async function ApiTokensPage() {
  const page = await loadPage('dashboard:read', async ({ em, actor }) => listApiTokens(em, actor.id));
  if (!page.allowed) return <AccessDenied message={page.message} />;
  return (
    <>
      <PageHeader
        title="Account · API tokens"
        description="Personal tokens for scripts: send one as Authorization: Bearer <token>. A token acts as you, with the role you give it."
      />
      <CreateApiTokenForm ownRole={page.actor.role} />
      <Section id="api-tokens" title="Your tokens">
        <ApiTokenList tokens={page.data} />
      </Section>
    </>
  );
}
