/**
 * One scale of the bench: the webhook with `total` presets against two floors — the no-op one
 * (docs/SPEC.md §7's ratios) and one that sends an answer of the webhook's own size (the ratios that
 * measure the webhook's work, not the bytes its answer must carry) — in alternating rounds,
 * summarised by medians of pairwise ratios.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadPresets, toCatalog } from '../src/core/load.js';
import { benchEngine, type EngineResult } from './engine.js';
import { heyBursts, heySpread, type HeyRun } from './hey.js';
import {
  answerBody,
  closedLoop,
  fixedRate,
  percentile,
  throughput,
  type LoadResult,
  type Target,
} from './load.js';
import { presetDocuments, type CatalogVariant } from './presets.js';
import { startFloor, startWebhook, type RunningServer } from './servers.js';

export interface BenchSettings {
  readonly rounds: number;
  readonly seconds: number;
  /** Idle connections kept per server, as the API server's transport keeps 25. */
  readonly connections: number;
  /** Reviews per second in the latency runs. */
  readonly rate: number;
  readonly bodies: readonly Buffer[];
  readonly hey: boolean;
}

export interface Scale {
  readonly total: number;
  readonly inNamespace: number;
  /** Throughput only (ready, RSS, throughput): the largest scale is about loading and memory. */
  readonly throughputOnly?: boolean;
  /** V8 settings for this scale when the image's are too small for it (docs/performance.md). */
  readonly nodeOptions?: string;
  /** The §8 variant of the catalog (bench/presets.ts); the in-tree one when absent. */
  readonly catalog?: CatalogVariant;
  /** A second webhook to compare this one's throughput with, in the same rounds. */
  readonly companion?: Companion;
}

/**
 * A webhook with another in-tree catalog, measured in the same throughput rounds as the scale's
 * own, for the targets that compare two catalogs: the §8 catalog against the in-tree one of its
 * size (issue 13), 10,000 presets against one (docs/SPEC.md §7). Scales measured minutes apart
 * drift on this machine by more than the 5–10% those targets allow.
 */
export interface Companion {
  /** How the bench calls it: IN_TREE or ONE_PRESET. */
  readonly name: string;
  readonly total: number;
  readonly inNamespace: number;
}

/** The in-tree catalog of a §8 scale's size. */
export const IN_TREE = 'in-tree';
/** The one-preset catalog, beside 10,000 presets. */
export const ONE_PRESET = 'one-preset';

/**
 * Latency at the fixed rate, by client: `node` (bench/load.ts) and, when installed, hey in
 * bursts and spread (bench/hey.ts).
 */
export type Client = 'node' | 'hey-bursts' | 'hey-spread';

/** Load phases whose server CPU per review is measured: the throughput run and hey's bursts. */
export type CpuPhase = 'closed-loop' | 'hey-bursts';

export interface Comparison {
  readonly webhook: number;
  readonly floor: number;
  /** ratio for throughput and p99, difference in ms for p50. */
  readonly relative: number;
}

export interface ScaleResult {
  readonly scale: Scale;
  readonly readyMs: number;
  readonly rssMiB: number;
  readonly answerBytes: number;
  /** The engine in-process (bench/engine.ts): its own time, and with the review's JSON.parse. */
  readonly engine: EngineResult;
  readonly errors: number;
  /** Keyed by floor name: `floor` (no-op) and `sized` (same-size answer). */
  readonly tput: Record<string, Comparison>;
  /**
   * Throughput against the scale's companion, measured in the same rounds (median of pairwise
   * ratios; `floor` is the companion's), so drift between scales stays out.
   */
  readonly companion?: Comparison & { readonly name: string };
  readonly p50: Partial<Record<Client, Record<string, Comparison>>>;
  readonly p99: Partial<Record<Client, Record<string, Comparison>>>;
  /**
   * Server CPU per review in µs (relative: the difference), by phase; absent where the kernel
   * does not count it per thread (bench/servers.ts serverCpuMicros).
   */
  readonly cpu: Partial<Record<CpuPhase, Record<string, Comparison>>>;
}

export const FLOORS = ['floor', 'sized'] as const;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

interface Round {
  tput: Record<string, number>;
  latency: Partial<Record<Client, Record<string, LoadResult>>>;
  cpu: Partial<Record<CpuPhase, Record<string, number>>>;
}

/**
 * withCpu runs `load` against `server` and records the server's CPU per answered review under
 * `phase` (NaN where it cannot be read). hey's count leaves out each connection's first request,
 * but not the CPU of its TLS handshake: the same for every server, so differences hold.
 */
async function withCpu(
  round: Round,
  phase: CpuPhase,
  server: RunningServer,
  load: () => Promise<LoadResult>,
): Promise<LoadResult> {
  const before = server.cpuMicros();
  const result = await load();
  const after = server.cpuMicros();
  (round.cpu[phase] ??= {})[server.name] =
    before === undefined || after === undefined ? NaN : (after - before) / result.requests;
  return result;
}

/** compare sets the webhook against each of `baselines` (the floors unless told) by medians. */
function compare(
  rounds: readonly Round[],
  value: (round: Round, server: string) => number,
  relative: (webhook: number, floor: number) => number,
  baselines: readonly string[] = FLOORS,
): Record<string, Comparison> {
  return Object.fromEntries(
    baselines.map((floor) => [
      floor,
      {
        webhook: median(rounds.map((r) => value(r, 'podpreset'))),
        floor: median(rounds.map((r) => value(r, floor))),
        relative: median(rounds.map((r) => relative(value(r, 'podpreset'), value(r, floor)))),
      },
    ]),
  );
}

const tputOf = (r: Round, server: string): number => r.tput[server]!;
const ratio = (webhook: number, baseline: number): number => webhook / baseline;
const difference = (webhook: number, baseline: number): number => webhook - baseline;

/** writePresets writes files of at most 1,000 presets, as a directory of mounted ConfigMaps holds them. */
function writePresets(dir: string, documents: readonly object[]): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i * 1000 < documents.length; i++)
    writeFileSync(
      join(dir, `presets-${i}.yaml`),
      documents
        .slice(i * 1000, (i + 1) * 1000)
        .map((d) => stringify(d))
        .join('---\n'),
    );
}

/** startCompanion runs the second webhook of a scale, with the scale's V8 settings. */
async function startCompanion(companion: Companion, scale: Scale, work: string): Promise<RunningServer> {
  const dir = join(work, companion.name);
  writePresets(join(dir, 'presets'), presetDocuments(companion.total, companion.inNamespace));
  return startWebhook(join(dir, 'presets'), dir, scale.nodeOptions, companion.name);
}

/** measureScale starts the three servers for one preset count (four with a companion) and measures them. */
export async function measureScale(scale: Scale, settings: BenchSettings): Promise<ScaleResult> {
  const work = mkdtempSync(join(tmpdir(), 'podpreset-bench-'));
  const presetDir = join(work, 'presets');
  const documents = presetDocuments(scale.total, scale.inNamespace, scale.catalog);
  writePresets(presetDir, documents);

  const webhook = await startWebhook(presetDir, work, scale.nodeOptions);
  const certDir = join(work, 'certs');
  const webhookTarget: Target = { port: webhook.port, ca: webhook.ca, path: '/mutate' };
  const answer = await answerBody(webhookTarget, settings.bodies[0]!);
  writeFileSync(join(work, 'answer.json'), answer);
  const servers: RunningServer[] = [
    webhook,
    await startFloor(certDir, 'floor'),
    await startFloor(certDir, 'sized', join(work, 'answer.json')),
  ];
  const companion = scale.companion ? await startCompanion(scale.companion, scale, work) : undefined;
  const loaded = companion ? [...servers, companion] : servers;
  const targets: Record<string, Target> = Object.fromEntries(
    loaded.map((s) => [
      s.name,
      { port: s.port, ca: s.ca, path: s === webhook || s === companion ? '/mutate' : '/' },
    ]),
  );
  const { rounds: count, seconds, connections, rate, bodies } = settings;
  const heyRun = (server: string, runSeconds: number): HeyRun => ({
    target: targets[server]!,
    body: bodies[0]!,
    workDir: work,
    connections,
    rate,
    seconds: runSeconds,
  });
  try {
    for (const server of loaded) await closedLoop(targets[server.name]!, bodies, connections, 2); // JIT, TLS sessions
    const rounds: Round[] = Array.from({ length: count }, () => ({ tput: {}, latency: {}, cpu: {} }));
    // One client at a time: its rounds run together, each alternating the servers' order. A
    // server's one client in a cluster is the API server; switching clients made V8 deoptimise
    // and recompile the request path for the new client's objects, in every server and round
    // (docs/performance.md).
    const timed = async (
      list: readonly RunningServer[],
      run: (round: Round, server: RunningServer) => Promise<void>,
    ): Promise<void> => {
      for (const [r, round] of rounds.entries())
        for (const server of r % 2 === 0 ? list : [...list].reverse()) await run(round, server);
    };
    await timed(loaded, async (round, server) => {
      round.tput[server.name] = throughput(
        await withCpu(round, 'closed-loop', server, () =>
          closedLoop(targets[server.name]!, bodies, connections, seconds),
        ),
      );
    });
    if (!scale.throughputOnly) {
      await timed(servers, async (round, server) => {
        (round.latency.node ??= {})[server.name] = await fixedRate(
          targets[server.name]!,
          bodies,
          connections,
          rate,
          seconds,
        );
      });
      if (settings.hey) {
        // hey's requests differ from the node client's (headers, how the body arrives): V8 adapts
        // its compiled code to them once, as to the API server's, before hey's rounds.
        for (const server of servers) await heyBursts(heyRun(server.name, 2));
        await timed(servers, async (round, server) => {
          const run = heyRun(server.name, seconds);
          (round.latency['hey-bursts'] ??= {})[server.name] = await withCpu(round, 'hey-bursts', server, () =>
            heyBursts(run),
          );
        });
        await timed(servers, async (round, server) => {
          (round.latency['hey-spread'] ??= {})[server.name] = await heySpread(heyRun(server.name, seconds));
        });
      }
    }
    const quantile = (client: Client, q: number) => (r: Round, server: string) =>
      percentile(r.latency[client]![server]!.latencies, q);
    const clients: Client[] = scale.throughputOnly
      ? []
      : settings.hey
        ? ['node', 'hey-bursts', 'hey-spread']
        : ['node'];
    const catalog = toCatalog(loadPresets(documents.map((object, i) => ({ source: `#${i}`, object }))));
    return {
      scale,
      readyMs: webhook.readyMs,
      rssMiB: webhook.rssMiB(),
      answerBytes: Buffer.byteLength(answer),
      engine: benchEngine(
        catalog,
        bodies.map((body) => body.toString()),
      ),
      errors: rounds.reduce(
        (sum, r) =>
          sum +
          Object.values(r.latency).reduce(
            (s, byServer) => s + Object.values(byServer).reduce((e, l) => e + l.errors, 0),
            0,
          ),
        0,
      ),
      tput: compare(rounds, tputOf, ratio),
      ...(companion
        ? {
            companion: {
              name: companion.name,
              ...compare(rounds, tputOf, ratio, [companion.name])[companion.name]!,
            },
          }
        : {}),
      p50: Object.fromEntries(clients.map((c) => [c, compare(rounds, quantile(c, 50), difference)])),
      p99: Object.fromEntries(clients.map((c) => [c, compare(rounds, quantile(c, 99), ratio)])),
      cpu: Object.fromEntries(
        (Object.keys(rounds[0]?.cpu ?? {}) as CpuPhase[])
          .filter((phase) => rounds.every((r) => servers.every((s) => !Number.isNaN(r.cpu[phase]![s.name]))))
          .map((phase) => [phase, compare(rounds, (r, s) => r.cpu[phase]![s]!, difference)]),
      ),
    };
  } finally {
    await Promise.all(loaded.map((s) => s.stop()));
    rmSync(work, { recursive: true, force: true });
  }
}
