/**
 * The two servers under load, each in its own process: the real `podpreset serve` (built CLI,
 * file mode, logging at info to a file as a container runtime would collect it, with the image's
 * node flags and NODE_OPTIONS) and the floor (plain `node`: the flags make no difference to it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readdirSync, readFileSync } from 'node:fs';
import { get } from 'node:https';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PINNING, serverCommand } from './pinning.js';

export interface RunningServer {
  readonly name: string;
  readonly port: number;
  readonly ca: string;
  /** Milliseconds from spawn to the first 200 from /readyz (the webhook) or to listening (the floor). */
  readonly readyMs: number;
  rssMiB(): number;
  /** CPU time the process has had so far, in µs, or undefined where the kernel does not say (serverCpuMicros). */
  cpuMicros(): number | undefined;
  stop(): Promise<void>;
}

/** The repository: this file runs compiled from dist/bench, and from bench/ under vitest. */
const REPO = import.meta.dirname.endsWith(join('dist', 'bench'))
  ? join(import.meta.dirname, '..', '..')
  : join(import.meta.dirname, '..');
const CLI = join(REPO, 'dist', 'src', 'cli', 'index.js');
const FLOOR = join(REPO, 'dist', 'bench', 'floor.js');

const DOCKERFILE = readFileSync(join(REPO, 'Dockerfile'), 'utf8');

/**
 * The V8 settings the image runs with, read from the Dockerfile, so the bench measures what ships;
 * BENCH_NODE_OPTIONS replaces them to compare heap settings (docs/performance.md).
 */
export const PRODUCTION_NODE_OPTIONS =
  process.env['BENCH_NODE_OPTIONS'] ?? /NODE_OPTIONS="([^"]*)"/.exec(DOCKERFILE)?.[1] ?? '';

/**
 * imageNodeFlags reads the flags the image's ENTRYPOINT gives `node` before the script: the V8
 * flags NODE_OPTIONS does not accept (`--single-threaded-gc`).
 */
export function imageNodeFlags(dockerfile: string): string[] {
  const entrypoint = /^ENTRYPOINT\s+(\[.*\])\s*$/m.exec(dockerfile)?.[1];
  if (entrypoint === undefined) return [];
  const [, ...args] = JSON.parse(entrypoint) as string[];
  const script = args.findIndex((arg) => !arg.startsWith('-'));
  return script < 0 ? args : args.slice(0, script);
}

/** The image's node flags; BENCH_NODE_FLAGS (space-separated, may be empty) replaces them. */
export const PRODUCTION_NODE_FLAGS =
  process.env['BENCH_NODE_FLAGS'] !== undefined
    ? process.env['BENCH_NODE_FLAGS'].split(' ').filter(Boolean)
    : imageNodeFlags(DOCKERFILE);

function rssMiB(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kib / 1024;
}

/**
 * serverCpuMicros is the CPU time of all of `pid`'s threads from /proc/PID/task/TID/schedstat:
 * the scheduler's own nanosecond count. utime and stime in /proc/PID/stat are sampled at the
 * clock tick instead, so a server that sleeps between requests is charged a whole tick or none;
 * at 500 reviews/s that error was larger than the difference measured (docs/performance.md).
 */
export function serverCpuMicros(pid: number | undefined): number | undefined {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined; // not Linux, or the process is gone
  }
  let nanos = 0;
  for (const task of tasks) {
    try {
      nanos += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // A thread that ended since the listing: its time is no longer counted anywhere.
    }
  }
  return Number.isFinite(nanos) && nanos > 0 ? nanos / 1000 : undefined;
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
}

async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(5);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const readyz = (port: number, ca: string): Promise<boolean> =>
  new Promise((resolve) => {
    get({ host: '127.0.0.1', port, path: '/readyz', ca, servername: 'localhost' }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    }).on('error', () => resolve(false));
  });

/**
 * startWebhook runs `podpreset serve --presets DIR` and resolves once /readyz answers 200.
 * `nodeOptions` replaces the image's V8 settings (heap experiments, the 50k-preset run).
 */
export async function startWebhook(
  presetDir: string,
  workDir: string,
  nodeOptions = PRODUCTION_NODE_OPTIONS,
  name = 'podpreset',
): Promise<RunningServer> {
  const logFile = join(workDir, 'webhook.log');
  const certDir = join(workDir, 'certs');
  const started = performance.now();
  const child = spawn(
    ...serverCommand(PINNING, process.execPath, [
      ...PRODUCTION_NODE_FLAGS,
      ...[CLI, 'serve', '--presets', presetDir, '--port', '0', '--host', '127.0.0.1'],
      ...['--cert-dir', certDir],
    ]),
    {
      stdio: ['ignore', openSync(logFile, 'w'), 'inherit'],
      env: { ...process.env, NODE_OPTIONS: nodeOptions },
    },
  );
  const port = await waitFor('the webhook to listen', () => {
    const line = readFileSync(logFile, 'utf8')
      .split('\n')
      .find((l) => l.includes('"msg":"listening"'));
    return line ? (JSON.parse(line) as { port: number }).port : undefined;
  });
  const ca = readFileSync(join(certDir, 'ca.crt'), 'utf8');
  await waitFor('/readyz', async () => ((await readyz(port, ca)) ? true : undefined));
  return {
    name,
    port,
    ca,
    readyMs: performance.now() - started,
    rssMiB: () => rssMiB(child.pid),
    cpuMicros: () => serverCpuMicros(child.pid),
    stop: stopper(child),
  };
}

/**
 * startFloor runs the no-op server with the webhook's certificate; with `answerFile` it answers
 * with that recorded answer, the same size as the webhook's (bench/floor.ts).
 */
export async function startFloor(
  certDir: string,
  name = 'floor',
  answerFile?: string,
): Promise<RunningServer> {
  const started = performance.now();
  const args = [
    FLOOR,
    join(certDir, 'tls.crt'),
    join(certDir, 'tls.key'),
    ...(answerFile ? [answerFile] : []),
  ];
  const child = spawn(...serverCommand(PINNING, process.execPath, args), {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) =>
      resolve((JSON.parse(chunk.toString()) as { port: number }).port),
    );
    child.once('exit', () => reject(new Error('the floor server exited')));
  });
  return {
    name,
    port,
    ca: readFileSync(join(certDir, 'ca.crt'), 'utf8'),
    readyMs: performance.now() - started,
    rssMiB: () => rssMiB(child.pid),
    cpuMicros: () => serverCpuMicros(child.pid),
    stop: stopper(child),
  };
}
