import { ConstructionIcon } from 'lucide-react';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { PageHeader } from '@/components/ui/page-header';

/** An area that exists in the navigation but has no screen yet: said plainly, never mocked. */
export function NotBuiltYet({ area, plannedIn }: { area: string; plannedIn: string }) {
  return (
    <>
      <PageHeader title={area} />
      <Alert role="status" variant="info">
        <ConstructionIcon aria-hidden />
        <AlertDescription className="text-foreground">
          This area is not built yet. It is planned in {plannedIn}. No data is shown here until it exists.
        </AlertDescription>
      </Alert>
    </>
  );
}
