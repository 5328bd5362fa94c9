import { FileQuestionIcon } from 'lucide-react';
import Link from 'next/link';
import { Button } from '@/components/ui/button';

/** A record or page that does not exist (or is not visible to this admin): said once, with a way back. */
export function RouteNotFound({ area, backHref, backLabel }: { area: string; backHref: string; backLabel: string }) {
  return (
    <div className="grid max-w-xl justify-items-start gap-3 py-10">
      <FileQuestionIcon className="size-8 text-muted-foreground" aria-hidden />
      <h1 className="text-2xl font-semibold tracking-tight">Not found</h1>
      <p className="text-muted-foreground">Nothing in {area} matches this address. It may have been removed, or the link is wrong.</p>
      <Button asChild variant="outline">
        <Link href={backHref}>{backLabel}</Link>
      </Button>
    </div>
  );
}
