/**
 * The fixed-rate latency run again with hey, a Go HTTP/1.1 client: Go's net/http transport is
 * what the API server calls webhooks with, so its numbers are the ones a cluster sees (its
 * scheduling, TLS stack and connection reuse differ from bench/load.ts's). hey is optional
 * (Debian package `hey`); without it the bench says so and reports its own client only.
 *
 * hey runs two ways, because hey paces each worker with its own ticker and the tickers of one
 * process start together (its CSV offsets show 25 starts within 2 ms every 50 ms):
 * - bursts: one process of 25 workers: 25 requests at once every 50 ms, as a ReplicaSet scaling
 *   up sends them, where the median waits behind half the burst;
 * - spread: 25 processes of one worker, started 2 ms apart: one request every 2 ms, as
 *   independent Pod creations reach the API server and it calls the webhook over its pool.
 * Each worker's first request, which opens its TLS connection, is left out: the API server's
 * pool is open already, and the node client opens its own before it starts timing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoadResult, Target } from './load.js';

/** heyAvailable tells whether `hey` is on the PATH. */
export function heyAvailable(): boolean {
  return spawnSync('hey', [], { stdio: 'ignore' }).error === undefined;
}

interface HeyRow {
  readonly ms: number;
  readonly ok: boolean;
  readonly offset: number;
}

/**
 * parseHeyCsv reads hey's `-o csv` output (response-time in seconds first, status code 7th, the
 * request's start offset 8th), leaving out the `leaveOut` requests that started first.
 */
export function parseHeyCsv(csv: string, seconds: number, leaveOut = 0): LoadResult {
  const rows: HeyRow[] = [];
  for (const line of csv.split('\n').slice(1)) {
    if (line.trim() === '') continue;
    const fields = line.split(',');
    rows.push({ ms: Number(fields[0]) * 1000, ok: fields[6] === '200', offset: Number(fields[7]) });
  }
  const kept = rows.sort((a, b) => a.offset - b.offset).slice(leaveOut);
  const latencies = kept.filter((row) => row.ok).map((row) => row.ms);
  return {
    requests: latencies.length,
    errors: kept.length - latencies.length,
    seconds,
    latencies: Float64Array.from(latencies).sort(),
  };
}

/** One latency run: `connections` connections at `rate` requests per second in all, for `seconds`. */
export interface HeyRun {
  readonly target: Target;
  readonly body: Buffer;
  /** Where the body file is written for hey's `-D`. */
  readonly workDir: string;
  readonly connections: number;
  readonly rate: number;
  readonly seconds: number;
}

/**
 * heyArgs writes `run`'s body for hey's `-D` and gives the arguments of one hey process of
 * `workers` workers sending `rate` requests per second in all, for the run's time.
 */
function heyArgs(run: HeyRun, workers: number, rate: number): string[] {
  const bodyFile = join(run.workDir, 'hey-body.json');
  writeFileSync(bodyFile, run.body);
  return [
    ...['-z', `${run.seconds}s`, '-c', String(workers), '-q', String(rate / workers)],
    ...['-m', 'POST', '-T', 'application/json', '-D', bodyFile, '-o', 'csv'],
    `https://127.0.0.1:${run.target.port}${run.target.path}`,
  ];
}

/** One hey process to completion: its CSV. */
function heyProcess(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('hey', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.once('error', reject);
    // 'close', not 'exit': the CSV may still be in the pipe when the process has exited.
    child.once('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`hey failed: ${err}`))));
  });
}

/**
 * heyBursts runs `connections` hey workers in one process, at `rate / connections` requests per
 * second each for `seconds`, on one kept-alive transport (hey skips certificate verification:
 * the target is this machine's own server). hey paces each worker rather than the run, so a slow
 * answer delays that worker's next request: its tail is milder than bench/load.ts's open loop.
 */
export async function heyBursts(run: HeyRun): Promise<LoadResult> {
  const csv = await heyProcess(heyArgs(run, run.connections, run.rate));
  return parseHeyCsv(csv, run.seconds, run.connections);
}

/**
 * heySpread runs `connections` hey processes of one worker each, at `rate / connections`
 * requests per second each for `seconds`, started `1000 / rate` ms apart, so that together they
 * send one request every `1000 / rate` ms, each process on its own connection.
 */
export async function heySpread(run: HeyRun): Promise<LoadResult> {
  const { connections, rate, seconds } = run;
  const args = heyArgs(run, 1, rate / connections);
  const runs: Promise<string>[] = [];
  for (let i = 0; i < connections; i++) {
    if (i > 0) await sleep(1000 / rate);
    const csv = heyProcess(args);
    csv.catch(() => {}); // awaited below, with the others; not unhandled while the rest start
    runs.push(csv);
  }
  const parts = (await Promise.all(runs)).map((csv) => parseHeyCsv(csv, seconds, 1));
  return {
    requests: parts.reduce((sum, part) => sum + part.requests, 0),
    errors: parts.reduce((sum, part) => sum + part.errors, 0),
    seconds,
    latencies: Float64Array.from(parts.flatMap((part) => Array.from(part.latencies))).sort(),
  };
}
