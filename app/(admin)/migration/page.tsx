import { NotBuiltYet } from '@/components/ui/not-built-yet';

export default function Page() {
  return <NotBuiltYet area="Migration" plannedIn="the migration dashboard issue (#5)" />;
}
