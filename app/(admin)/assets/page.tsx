import { NotBuiltYet } from '@/components/ui/not-built-yet';

export default function Page() {
  return <NotBuiltYet area="Assets" plannedIn="the asset-management issue" />;
}
