/**
 * `npm run bench`: the webhook against no-op floors on the same Node, through real HTTPS with
 * keep-alive, for 1, 100, 10,000 and 50,000 presets. The machine is shared and noisy, so the
 * servers are warmed up, measured alternately in several rounds, and compared by the median of
 * pairwise ratios. Ends with the targets met or missed and one summary line.
 */
import { benchReview } from './review.js';
import { heyAvailable } from './hey.js';
import {
  FLOORS,
  measureScale,
  type BenchSettings,
  IN_TREE,
  ONE_PRESET,
  type Client,
  type CpuPhase,
  type Scale,
  type ScaleResult,
} from './measure.js';
import { describePinning, PINNING, pinClients } from './pinning.js';
import { PRODUCTION_NODE_FLAGS, PRODUCTION_NODE_OPTIONS } from './servers.js';
import { checks, fmt, signed } from './targets.js';

/**
 * 50,000 presets do not fit the image's 128 MiB of old space; this scale runs with the heap the
 * README tells operators to give that many presets.
 */
const LARGE_CATALOG_NODE_OPTIONS = PRODUCTION_NODE_OPTIONS.replace(
  /--max-old-space-size=\d+/,
  '--max-old-space-size=384',
);
const ALL_SCALES: Scale[] = [
  { total: 1, inNamespace: 1 },
  { total: 100, inNamespace: 100 },
  // docs/SPEC.md §7: throughput within 10% of the one-preset run, measured in the same rounds.
  { total: 10_000, inNamespace: 1_000, companion: { name: ONE_PRESET, total: 1, inNamespace: 1 } },
  { total: 50_000, inNamespace: 1_000, throughputOnly: true, nodeOptions: LARGE_CATALOG_NODE_OPTIONS },
  // The same catalogs using §8 fields (issue 13): their throughput within 5% of the in-tree one's.
  { total: 1, inNamespace: 1, catalog: 'beyond', companion: { name: IN_TREE, total: 1, inNamespace: 1 } },
  {
    total: 10_000,
    inNamespace: 1_000,
    catalog: 'beyond',
    companion: { name: IN_TREE, total: 10_000, inNamespace: 1_000 },
  },
];
/** BENCH_SCALES=1,10000 runs only those preset counts (the targets then check what was run). */
const SCALES = process.env['BENCH_SCALES']
  ? ALL_SCALES.filter((s) => process.env['BENCH_SCALES']!.split(',').map(Number).includes(s.total))
  : ALL_SCALES;

const settings: BenchSettings = {
  rounds: Number(process.env['BENCH_ROUNDS'] ?? 5),
  seconds: Number(process.env['BENCH_SECONDS'] ?? 3),
  connections: 25, // an API server keeps at most 25 idle connections per webhook
  rate: 500,
  // Distinct uids, as real reviews have; a handful of bodies cycled keeps the client cheap.
  bodies: Array.from({ length: 64 }, (_, i) => Buffer.from(JSON.stringify(benchReview(`bench-${i}`)))),
  hey: heyAvailable(),
};

function report(result: ScaleResult): string {
  const { scale } = result;
  const lines = [
    `presets ${scale.total}${scale.catalog === 'beyond' ? ' (§8 fields)' : ''}: ready ${fmt(result.readyMs / 1000)} s (${fmt(result.readyMs / scale.total, 3)} ms/preset), RSS ${fmt(result.rssMiB, 0)} MiB, engine ${fmt(result.engine.microsOwn, 1)} µs/review (${fmt(result.engine.microsPerReview, 1)} with the review's JSON.parse, ${fmt(result.engine.microsPerParse, 1)} alone), answer ${result.answerBytes} B, errors ${result.errors}${scale.nodeOptions ? ` [NODE_OPTIONS ${scale.nodeOptions}]` : ''}`,
  ];
  for (const floor of FLOORS) {
    const t = result.tput[floor]!;
    lines.push(
      `  vs ${floor.padEnd(5)} throughput  podpreset ${fmt(t.webhook, 0)}/s  ${floor} ${fmt(t.floor, 0)}/s  ratio ${fmt(t.relative)}`,
    );
    for (const client of Object.keys(result.p50) as Client[]) {
      const p50 = result.p50[client]![floor]!;
      const p99 = result.p99[client]![floor]!;
      lines.push(
        `  vs ${floor.padEnd(5)} ${client.padEnd(10)} @${settings.rate}/s  p50 ${fmt(p50.webhook, 3)}/${fmt(p50.floor, 3)} ms ${signed(p50.relative, 3)}  p99 ${fmt(p99.webhook, 3)}/${fmt(p99.floor, 3)} ms ratio ${fmt(p99.relative)}`,
      );
    }
  }
  // Where a latency gap comes from: what each review costs the server, warm and in bursts.
  const cpu = (Object.keys(result.cpu) as CpuPhase[]).map((phase) => {
    const c = result.cpu[phase]!['sized']!;
    return `${phase} ${fmt(c.webhook, 1)}/${fmt(c.floor, 1)} µs ${signed(c.relative, 1)}`;
  });
  if (cpu.length > 0) lines.push(`  server CPU per review, podpreset/sized: ${cpu.join(', ')}`);
  const { companion } = result;
  if (companion)
    lines.push(
      `  vs ${companion.name} webhook, same rounds: throughput  podpreset ${fmt(companion.webhook, 0)}/s  ${companion.name} ${fmt(companion.floor, 0)}/s  ratio ${fmt(companion.relative)}`,
    );
  return `${lines.join('\n')}\n\n`;
}

async function main(): Promise<void> {
  pinClients(PINNING);
  process.stdout.write(
    `podpreset bench: Node ${process.version}, ${settings.rounds} rounds of ${settings.seconds} s, ${settings.connections} pooled keep-alive connections, fixed rate ${settings.rate}/s, review ${settings.bodies[0]!.length} bytes, node ${PRODUCTION_NODE_FLAGS.join(' ')} with NODE_OPTIONS ${PRODUCTION_NODE_OPTIONS}\n${describePinning(PINNING)}\n`,
  );
  process.stdout.write(
    settings.hey
      ? 'latency clients: node (bench/load.ts, open loop, evenly spaced) and hey (Go net/http, as the API server), in bursts (one process, 25 workers ticking together: 25 requests at once every 50 ms) and spread (25 one-worker processes 2 ms apart: one request every 2 ms)\n\n'
      : 'latency clients: node (bench/load.ts) only — hey is not installed (Debian package `hey`), so the Go client the API server resembles is not measured\n\n',
  );
  const results: ScaleResult[] = [];
  for (const scale of SCALES) {
    const result = await measureScale(scale, settings);
    results.push(result);
    process.stdout.write(report(result));
  }
  const all = checks(results);
  const missed = all.filter(([, ok]) => !ok).map(([name]) => name);
  process.stdout.write(`${all.map(([name, ok]) => `${ok ? 'ok  ' : 'MISS'} ${name}`).join('\n')}\n\n`);
  const headline = results.find((r) => r.scale.total === 10_000) ?? results[results.length - 1]!;
  const worstP99 = Math.max(...Object.values(headline.p99).map((f) => f['sized']!.relative));
  process.stdout.write(
    `bench summary: ${missed.length === 0 ? 'all targets met' : `${missed.length} target(s) missed`}; at ${headline.scale.total} presets: throughput ${fmt(headline.tput['sized']!.relative)}× sized floor (${fmt(headline.tput['floor']!.relative)}× no-op), p99 ${fmt(worstP99)}× sized floor, RSS ${fmt(headline.rssMiB, 0)} MiB, ready ${fmt(headline.readyMs / 1000)} s\n`,
  );
}

await main();
