import os from 'node:os';

/** Who ran a CLI command, as recorded on runs and audit entries. */
export function cliActor(): string {
  return `cli:${os.userInfo().username}@${os.hostname()}`;
}
