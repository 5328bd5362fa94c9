// A stand-in for the Next server process, in a process of its own: node --conditions=react-server --import tsx <this file> <path>.
// Registers the app's shutdown as Next does (instrumentation.ts), queues three admin-key attempts for <path>, and is sent
// SIGTERM at once, long before their batch is due.
import { register } from '@/instrumentation';
import { recordAuthAttempt } from '@/lib/legacy-api/auth-audit';

async function main(): Promise<void> {
  const requestPath = process.argv[2];
  await register();
  for (let attempt = 0; attempt < 3; attempt += 1) {
    recordAuthAttempt({
      action: 'ADMIN_ACCESS',
      method: 'GET',
      path: requestPath,
      context: { source: 'legacy-api', actorLabel: 'legacy server' },
      attemptedAt: new Date().toISOString(),
    });
  }
  // Stands for the server's open socket: the process lives until the signal handler ends it.
  setInterval(() => undefined, 1_000);
  process.kill(process.pid, 'SIGTERM');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
