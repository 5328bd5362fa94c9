import { NotBuiltYet } from '@/components/ui/not-built-yet';

export default function Page() {
  return <NotBuiltYet area="Explorer" plannedIn="the explorer issue" />;
}
