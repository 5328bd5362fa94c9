/** Next calls this once per server process at start-up (instrumentation hook). */
export async function register(): Promise<void> {
  // Compiled for each runtime with NEXT_RUNTIME inlined: the edge build drops this branch and its imports.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { handleShutdownSignals } = await import('@/lib/server-shutdown');
    handleShutdownSignals();
  }
}
