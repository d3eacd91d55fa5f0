/**
 * The bench's targets (docs/SPEC.md §7, issue 13), checked against the measured scales: each is
 * one line, met or missed, with the number it was decided on.
 */
import { IN_TREE, ONE_PRESET, type Client, type ScaleResult } from './measure.js';

export type Check = [string, boolean];

/** fmt prints a measurement the way every bench line does. */
export const fmt = (n: number, digits = 2): string => n.toFixed(digits);

/** signed prints a difference with its sign: +0.200, -0.050. */
export const signed = (n: number, digits = 2): string => (n < 0 ? '' : '+') + fmt(n, digits);

/**
 * atMost compares a latency difference or ratio with its bound. hey reports in steps of 0.1 ms,
 * so the difference of two of its medians is a sum of such steps in binary floating point:
 * 1.3 - 1.0 printed as +0.300 but compared as 0.30000000000000004 and missed "within 0.3".
 */
const atMost = (value: number, bound: number): boolean => value <= bound + 1e-9;

/** The clients that send at an even rate, as the API server does for Pods created one by one. */
const EVEN_RATE: readonly Client[] = ['node', 'hey-spread'];

/**
 * latencyChecks holds every latency run against one floor to the given bounds: p50 at an even
 * rate and in hey's bursts on lines of their own (in a burst the median waits behind half of it,
 * so its gap is the difference in CPU per review times about twelve), p99 with every client.
 */
function latencyChecks(results: readonly ScaleResult[], floor: string, p50: number, p99: number): Check[] {
  const measured = results.filter((r) => !r.scale.throughputOnly);
  const worst = (of: 'p50' | 'p99', clients?: readonly Client[]): number | undefined => {
    const values = measured.flatMap((r) =>
      (Object.keys(r[of]) as Client[])
        .filter((client) => clients === undefined || clients.includes(client))
        .map((client) => r[of][client]![floor]!.relative),
    );
    return values.length === 0 ? undefined : Math.max(...values);
  };
  const found: Check[] = [];
  const even = worst('p50', EVEN_RATE);
  if (even !== undefined)
    found.push([
      `p50 within ${p50} ms of ${floor} at an even rate (worst ${signed(even, 3)} ms)`,
      atMost(even, p50),
    ]);
  const bursts = worst('p50', ['hey-bursts']);
  if (bursts !== undefined)
    found.push([
      `p50 within ${p50} ms of ${floor} in hey's bursts (worst ${signed(bursts, 3)} ms)`,
      atMost(bursts, p50),
    ]);
  const tail = worst('p99');
  if (tail !== undefined) found.push([`p99 ≤ ${p99}× ${floor} (worst ${fmt(tail)})`, atMost(tail, p99)]);
  return found;
}

/**
 * catalogRatio is `result`'s throughput over `companion`'s: measured in the same rounds when the
 * bench ran that companion; else from the two scales' floor ratios, which the drift between runs
 * minutes apart can move; undefined when the other scale was not run either.
 */
function catalogRatio(
  result: ScaleResult,
  companion: string,
  other: ScaleResult | undefined,
): number | undefined {
  if (result.companion?.name === companion) return result.companion.relative;
  return other ? result.tput['floor']!.relative / other.tput['floor']!.relative : undefined;
}

/** checks decides every target the measured `results` can speak to. */
export function checks(results: readonly ScaleResult[]): Check[] {
  const at = (total: number) => results.find((r) => r.scale.total === total && !r.scale.catalog);
  const one = at(1);
  const tenK = at(10_000);
  const fiftyK = at(50_000);
  const worstTput = (floor: string) => Math.min(...results.map((r) => r.tput[floor]!.relative));
  const perPreset = (r: ScaleResult) => r.readyMs / r.scale.total;
  const found: Check[] = [
    // docs/SPEC.md §7, against the no-op floor
    [`throughput ≥ 0.5× floor (worst ${fmt(worstTput('floor'))})`, worstTput('floor') >= 0.5],
    ...latencyChecks(results, 'floor', 0.5, 2),
  ];
  if (tenK) {
    found.push(
      [`10k RSS ≤ 150 MiB (${fmt(tenK.rssMiB, 0)})`, tenK.rssMiB <= 150],
      [`10k ready ≤ 3 s (${fmt(tenK.readyMs / 1000)} s)`, tenK.readyMs <= 3000],
    );
    const ratio = catalogRatio(tenK, ONE_PRESET, one);
    if (ratio !== undefined)
      found.push([`10k throughput within 10% of 1-preset (${fmt(ratio)})`, ratio >= 0.9]);
  }
  // As deployed, against the floor that sends an answer of the webhook's size
  found.push(
    [`throughput ≥ 0.6× sized floor (worst ${fmt(worstTput('sized'))})`, worstTput('sized') >= 0.6],
    ...latencyChecks(results, 'sized', 0.3, 1.5),
  );
  if (tenK && fiftyK) {
    const growth = perPreset(fiftyK) / perPreset(tenK);
    found.push([
      `ready linear: 50k presets take ≤ 1.25× 10k's time per preset (${fmt(growth)})`,
      growth <= 1.25,
    ]);
  }
  // Issue 13: the §8 catalog's throughput ratio within 5% of the in-tree one at the same size,
  // and the engine's own time under 15 µs per review: without the review's JSON.parse, which
  // every webhook pays alike (bench/engine.ts).
  for (const beyond of results.filter((r) => r.scale.catalog === 'beyond')) {
    const { total } = beyond.scale;
    found.push([
      `§8 catalog at ${total}: engine's own time < 15 µs/review (${fmt(beyond.engine.microsOwn, 1)})`,
      beyond.engine.microsOwn < 15,
    ]);
    const ratio = catalogRatio(beyond, IN_TREE, at(total));
    if (ratio === undefined) continue;
    found.push([`§8 catalog at ${total}: throughput within 5% of in-tree (${fmt(ratio)})`, ratio >= 0.95]);
  }
  found.push(['no errors', results.every((r) => r.errors === 0)]);
  return found;
}
