/** Next calls this once per server process at start-up (instrumentation hook). */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { handleShutdownSignals } = await import('@/lib/server-shutdown');
  handleShutdownSignals();
}
