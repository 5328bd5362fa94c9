import { NotBuiltYet } from '@/components/ui/not-built-yet';

export default function Page() {
  return <NotBuiltYet area="Exports" plannedIn="the compliance exports issue" />;
}
