import os from 'node:os';

/** CPU time spent so far: by every core of the machine, and by this process (all its threads). */
export type CpuSnapshot = { at: number; machineBusyMs: number; processMs: number };

export function cpuSnapshot(): CpuSnapshot {
  let machineBusyMs = 0;
  for (const { times } of os.cpus()) machineBusyMs += times.user + times.nice + times.sys + times.irq;
  const { user, system } = process.cpuUsage();
  return { at: performance.now(), machineBusyMs, processMs: (user + system) / 1000 };
}

/**
 * Where the CPU went between two snapshots. `floorSeconds` is the shortest wall time in which this
 * much work could run on this machine's cores: a phase whose wall time is near its floor is CPU-bound,
 * and only less work (not more overlap) makes it faster.
 */
export type CpuAccount = {
  cores: number;
  wallSeconds: number;
  machineBusySeconds: number;
  processSeconds: number;
  /** PostgreSQL, when it runs on this machine, and whatever else the machine did meanwhile. */
  elsewhereSeconds: number;
  utilization: number;
  floorSeconds: number;
};

export function cpuAccount(from: CpuSnapshot, to: CpuSnapshot): CpuAccount {
  const cores = os.cpus().length;
  const wallSeconds = (to.at - from.at) / 1000;
  const machineBusySeconds = (to.machineBusyMs - from.machineBusyMs) / 1000;
  const processSeconds = (to.processMs - from.processMs) / 1000;
  return {
    cores,
    wallSeconds,
    machineBusySeconds,
    processSeconds,
    elsewhereSeconds: Math.max(0, machineBusySeconds - processSeconds),
    utilization: machineBusySeconds / (cores * wallSeconds),
    floorSeconds: machineBusySeconds / cores,
  };
}
