/**
 * The fixed-rate latency run again with hey, a Go HTTP/1.1 client: Go's net/http transport is
 * what the API server calls webhooks with, so its numbers are the ones a cluster sees (its
 * scheduling, TLS stack and connection reuse differ from bench/load.ts's). hey is optional
 * (Debian package `hey`); without it the bench says so and reports its own client only.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadResult, Target } from './load.js';

/** heyAvailable tells whether `hey` is on the PATH. */
export function heyAvailable(): boolean {
  return spawnSync('hey', [], { stdio: 'ignore' }).error === undefined;
}

/** parseHeyCsv reads hey's `-o csv` output: response-time in seconds first, status code 7th. */
export function parseHeyCsv(csv: string, seconds: number): LoadResult {
  const latencies: number[] = [];
  let errors = 0;
  for (const line of csv.split('\n').slice(1)) {
    if (line.trim() === '') continue;
    const fields = line.split(',');
    if (fields[6] === '200') latencies.push(Number(fields[0]) * 1000);
    else errors++;
  }
  return { requests: latencies.length, errors, seconds, latencies: Float64Array.from(latencies).sort() };
}

/**
 * heyFixedRate runs `connections` hey workers at `rate / connections` requests per second each
 * for `seconds`, all on one kept-alive transport (hey skips certificate verification: the target
 * is this machine's own server). hey paces each worker rather than the run, so a slow answer
 * delays that worker's next request: its tail is milder than bench/load.ts's open loop. The
 * workers' tickers start together, so each tick sends `connections` requests at once (its CSV
 * offsets show 25 starts within 2 ms every 50 ms): these numbers are a burst's, as a ReplicaSet
 * scaling up sends, where the median waits behind half the burst.
 */
export function heyFixedRate(
  target: Target,
  body: Buffer,
  workDir: string,
  connections: number,
  rate: number,
  seconds: number,
): LoadResult {
  const bodyFile = join(workDir, 'hey-body.json');
  writeFileSync(bodyFile, body);
  const run = spawnSync(
    'hey',
    [
      ...['-z', `${seconds}s`, '-c', String(connections), '-q', String(rate / connections)],
      ...['-m', 'POST', '-T', 'application/json', '-D', bodyFile, '-o', 'csv'],
      `https://127.0.0.1:${target.port}${target.path}`,
    ],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  if (run.status !== 0) throw new Error(`hey failed: ${run.stderr || run.error?.message}`);
  return parseHeyCsv(run.stdout, seconds);
}
