import { TriangleAlertIcon } from 'lucide-react';

/** Shown on every admin page while the app runs on secrets generated into .data/ instead of configured ones. */
export function EvaluationKeysBanner({ names }: { names: string[] }) {
  if (!names.length) return null;
  return (
    <div role="region" aria-label="Environment" className="flex items-center gap-2 border-b border-warning/40 bg-warning/10 px-4 py-2 text-sm md:px-6">
      <TriangleAlertIcon className="size-4 shrink-0 text-warning" aria-hidden />
      <p>
        <strong>Evaluation keys.</strong> {names.join(', ')} {names.length === 1 ? 'was' : 'were'} generated into <code>.data/</code>, not configured. Fine for
        trying the product; set them in the environment before real data goes in.
      </p>
    </div>
  );
}
