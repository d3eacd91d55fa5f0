/**
 * CPU pinning, as the Deployment runs the webhook (a limit of one CPU) and as issue 16's
 * measurement did: each server process on one core, this process and hey on the others, so a
 * server's queue holds only its own work and never waits behind the client's. `taskset`
 * (util-linux) does it; without it, with one core or with BENCH_PIN=0 the bench does not pin
 * and says so.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

export interface Pinning {
  /** taskset's CPU list for the servers. */
  readonly server: string;
  /** taskset's CPU list for the clients. */
  readonly clients: string;
}

const tasksetAvailable = (): boolean => spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0;

/** choosePinning decides where servers and clients run: undefined means unpinned. */
export function choosePinning(
  cpus: number,
  setting: string | undefined,
  hasTaskset: () => boolean = tasksetAvailable,
): Pinning | undefined {
  if (setting === '0' || cpus < 2 || !hasTaskset()) return undefined;
  return { server: '0', clients: cpus === 2 ? '1' : `1-${cpus - 1}` };
}

export const PINNING = choosePinning(availableParallelism(), process.env['BENCH_PIN']);

/** pinClients moves every thread of this process (and so the hey it spawns) to the client CPUs. */
export function pinClients(pinning: Pinning | undefined): void {
  if (!pinning) return;
  const run = spawnSync('taskset', ['-a', '-p', '-c', pinning.clients, String(process.pid)], {
    stdio: 'ignore',
  });
  if (run.status !== 0) throw new Error(`taskset could not pin the bench to CPUs ${pinning.clients}`);
}

/** serverCommand wraps a server's command line in taskset (which execs it: same pid, same signals). */
export function serverCommand(
  pinning: Pinning | undefined,
  command: string,
  args: readonly string[],
): [string, string[]] {
  return pinning ? ['taskset', ['-c', pinning.server, command, ...args]] : [command, [...args]];
}

/** describePinning is the bench header's account of it. */
export const describePinning = (pinning: Pinning | undefined): string =>
  pinning
    ? `servers pinned to CPU ${pinning.server}, clients to CPUs ${pinning.clients} (taskset; BENCH_PIN=0 to turn off)`
    : 'not pinned (BENCH_PIN=0, one CPU, or no taskset)';
