/**
 * `npm run bench`: the webhook against a no-op floor on the same Node, through real HTTPS with
 * keep-alive, for 1, 100 and 10,000 presets (PRODUCT §7, issue #6). The machine is shared and
 * noisy, so both servers are warmed up, measured alternately in several rounds, and compared by
 * the median of pairwise ratios. Ends with one summary line.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadPresets, toCatalog } from '../src/core/load.js';
import { benchEngine } from './engine.js';
import { closedLoop, fixedRate, percentile, throughput, type LoadResult, type Target } from './load.js';
import { presetDocuments } from './presets.js';
import { benchReview } from './review.js';
import { startFloor, startWebhook, type RunningServer } from './servers.js';

const CONNECTIONS = 25; // an API server pools at most 25 idle connections per webhook
const RATE = 500; // reviews per second for the latency runs
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 3);
const SIZES = [
  { total: 1, inNamespace: 1 },
  { total: 100, inNamespace: 100 },
  { total: 10_000, inNamespace: 1_000 },
];

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const fmt = (n: number, digits = 2): string => n.toFixed(digits);

/** Distinct uids, as real reviews have; a handful of bodies cycled keeps the client cheap. */
const bodies = Array.from({ length: 64 }, (_, i) => Buffer.from(JSON.stringify(benchReview(`bench-${i}`))));

interface Round {
  tput: Record<string, number>;
  latency: Record<string, LoadResult>;
}

interface SizeResult {
  total: number;
  readyMs: number;
  rssMiB: number;
  tput: { webhook: number; floor: number; ratio: number };
  p50: { webhook: number; floor: number; delta: number };
  p99: { webhook: number; floor: number; ratio: number };
  errors: number;
  engineMicros: number;
}

async function measure(total: number, inNamespace: number): Promise<SizeResult> {
  const work = mkdtempSync(join(tmpdir(), 'podpreset-bench-'));
  const presetDir = join(work, 'presets');
  const documents = presetDocuments(total, inNamespace);
  mkdirSync(presetDir);
  writeFileSync(join(presetDir, 'presets.yaml'), documents.map((d) => stringify(d)).join('---\n'));

  const webhook = await startWebhook(presetDir, work);
  const floor = await startFloor(join(work, 'certs'));
  const targets: Record<string, Target> = {
    podpreset: { port: webhook.port, ca: webhook.ca, path: '/mutate' },
    floor: { port: floor.port, ca: floor.ca, path: '/' },
  };
  const servers: RunningServer[] = [floor, webhook];
  try {
    for (const server of servers) await closedLoop(targets[server.name]!, bodies, CONNECTIONS, 2); // warm-up: JIT, TLS sessions
    const rounds: Round[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? servers : [...servers].reverse();
      const round: Round = { tput: {}, latency: {} };
      for (const server of order)
        round.tput[server.name] = throughput(
          await closedLoop(targets[server.name]!, bodies, CONNECTIONS, SECONDS),
        );
      for (const server of order)
        round.latency[server.name] = await fixedRate(
          targets[server.name]!,
          bodies,
          CONNECTIONS,
          RATE,
          SECONDS,
        );
      rounds.push(round);
    }
    const p = (r: Round, name: string, q: number): number => percentile(r.latency[name]!.latencies, q);
    const catalog = toCatalog(loadPresets(documents.map((object, i) => ({ source: `#${i}`, object }))));
    return {
      total,
      readyMs: webhook.readyMs,
      rssMiB: webhook.rssMiB(),
      tput: {
        webhook: median(rounds.map((r) => r.tput['podpreset']!)),
        floor: median(rounds.map((r) => r.tput['floor']!)),
        ratio: median(rounds.map((r) => r.tput['podpreset']! / r.tput['floor']!)),
      },
      p50: {
        webhook: median(rounds.map((r) => p(r, 'podpreset', 50))),
        floor: median(rounds.map((r) => p(r, 'floor', 50))),
        delta: median(rounds.map((r) => p(r, 'podpreset', 50) - p(r, 'floor', 50))),
      },
      p99: {
        webhook: median(rounds.map((r) => p(r, 'podpreset', 99))),
        floor: median(rounds.map((r) => p(r, 'floor', 99))),
        ratio: median(rounds.map((r) => p(r, 'podpreset', 99) / p(r, 'floor', 99))),
      },
      errors: rounds.reduce((sum, r) => sum + Object.values(r.latency).reduce((s, l) => s + l.errors, 0), 0),
      engineMicros: benchEngine(catalog, bodies[0]!.toString()).microsPerReview,
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  process.stdout.write(
    `podpreset bench: Node ${process.version}, ${ROUNDS} rounds of ${SECONDS} s, ${CONNECTIONS} keep-alive connections, fixed rate ${RATE}/s, review ${bodies[0]!.length} bytes\n\n`,
  );
  const results: SizeResult[] = [];
  for (const size of SIZES) {
    const result = await measure(size.total, size.inNamespace);
    results.push(result);
    process.stdout.write(
      [
        `presets ${result.total}: ready ${fmt(result.readyMs / 1000)} s, RSS ${fmt(result.rssMiB, 0)} MiB, engine ${fmt(result.engineMicros, 1)} µs/review, errors ${result.errors}`,
        `  throughput  podpreset ${fmt(result.tput.webhook, 0)}/s  floor ${fmt(result.tput.floor, 0)}/s  ratio ${fmt(result.tput.ratio)}`,
        `  p50 @${RATE}/s  podpreset ${fmt(result.p50.webhook, 3)} ms  floor ${fmt(result.p50.floor, 3)} ms  +${fmt(result.p50.delta, 3)} ms`,
        `  p99 @${RATE}/s  podpreset ${fmt(result.p99.webhook, 3)} ms  floor ${fmt(result.p99.floor, 3)} ms  ratio ${fmt(result.p99.ratio)}`,
        '',
      ].join('\n'),
    );
  }
  const one = results[0]!;
  const big = results[results.length - 1]!;
  const checks: [string, boolean][] = [
    [
      `throughput ≥ 0.5× floor (worst ${fmt(Math.min(...results.map((r) => r.tput.ratio)))})`,
      results.every((r) => r.tput.ratio >= 0.5),
    ],
    [
      `p50 within 0.5 ms of floor (worst +${fmt(Math.max(...results.map((r) => r.p50.delta)), 3)} ms)`,
      results.every((r) => r.p50.delta <= 0.5),
    ],
    [
      `p99 ≤ 2× floor (worst ${fmt(Math.max(...results.map((r) => r.p99.ratio)))})`,
      results.every((r) => r.p99.ratio <= 2),
    ],
    [`10k RSS ≤ 150 MiB (${fmt(big.rssMiB, 0)})`, big.rssMiB <= 150],
    [
      `10k throughput within 10% of 1-preset (${fmt(big.tput.ratio / one.tput.ratio)})`,
      big.tput.ratio / one.tput.ratio >= 0.9,
    ],
    [`10k ready ≤ 3 s (${fmt(big.readyMs / 1000)} s)`, big.readyMs <= 3000],
    ['no errors', results.every((r) => r.errors === 0)],
  ];
  const missed = checks.filter(([, ok]) => !ok).map(([name]) => name);
  process.stdout.write(`${checks.map(([name, ok]) => `${ok ? 'ok  ' : 'MISS'} ${name}`).join('\n')}\n\n`);
  process.stdout.write(
    `bench summary: ${missed.length === 0 ? 'all targets met' : `${missed.length} target(s) missed`}; throughput ${fmt(one.tput.ratio)}/${fmt(big.tput.ratio)}× floor (1/10k presets), p50 +${fmt(big.p50.delta, 3)} ms, p99 ${fmt(big.p99.ratio)}× floor, RSS ${fmt(big.rssMiB, 0)} MiB, ready ${fmt(big.readyMs / 1000)} s\n`,
  );
}

await main();
