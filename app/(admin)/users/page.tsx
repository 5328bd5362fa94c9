import { NotBuiltYet } from '@/components/ui/not-built-yet';

export default function Page() {
  return <NotBuiltYet area="Users" plannedIn="the users issue" />;
}
