import { spawn } from 'node:child_process';

/** Runs a command with inherited stdio; rejects with its exit code on failure. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}`))));
  });
}

type Step = { command: string; args: string[] };

/**
 * Runs the steps at the same time, each with its output held back and printed whole when it ends, so two
 * steps' lines never interleave; rejects, after every step has ended, naming each step that failed.
 */
export async function runConcurrently(steps: Step[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const results = await Promise.all(
    steps.map(
      ({ command, args }) =>
        new Promise<{ label: string; code: number | string | null }>((resolve, reject) => {
          const label = [command, ...args].join(' ');
          const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
          const output: Buffer[] = [];
          child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
          child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
          child.on('error', reject);
          child.on('close', (code, signal) => {
            process.stdout.write(`\n> ${label}\n${Buffer.concat(output).toString()}`);
            resolve({ label, code: code ?? signal });
          });
        }),
    ),
  );
  const failed = results.filter((result) => result.code !== 0);
  if (failed.length) throw new Error(failed.map((result) => `${result.label} exited with ${result.code}`).join('; '));
}
