import { hasPermission } from '@/lib/auth/permissions';
import { evaluateCutoverGate } from '@/lib/cutover/cutover-gate';
import { env } from '@/lib/env';
import { loadPage } from '@/lib/page';
import { CutoverPanel } from './cutover-panel';

/** Server part of the cut-over gate: evaluated on every render, from recorded facts only. */
export async function CutoverGateSlot() {
  const page = await loadPage('migration:read', async ({ em }) => evaluateCutoverGate(em, { quietSeconds: env().CUTOVER_QUIET_SECONDS }));
  if (!page.allowed) return null;
  return <CutoverPanel gate={page.data} canRun={hasPermission(page.actor.role, 'migration:run')} />;
}
