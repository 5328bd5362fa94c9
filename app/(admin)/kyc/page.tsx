import { NotBuiltYet } from '@/components/ui/not-built-yet';

export default function Page() {
  return <NotBuiltYet area="KYC review" plannedIn="the KYC review issue" />;
}
