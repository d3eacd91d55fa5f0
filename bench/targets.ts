/**
 * The bench's targets (docs/SPEC.md §7, issue 13), checked against the measured scales: each is
 * one line, met or missed, with the number it was decided on.
 */
import type { ScaleResult } from './measure.js';

export type Check = [string, boolean];

/** fmt prints a measurement the way every bench line does. */
export const fmt = (n: number, digits = 2): string => n.toFixed(digits);

/** latencyChecks holds every latency run (each client) against one floor to the given bounds. */
function latencyChecks(results: readonly ScaleResult[], floor: string, p50: number, p99: number): Check[] {
  const measured = results.filter((r) => !r.scale.throughputOnly);
  const all = (of: 'p50' | 'p99') =>
    measured.flatMap((r) => Object.values(r[of]).map((byFloor) => byFloor[floor]!.relative));
  const worst50 = Math.max(...all('p50'));
  const worst99 = Math.max(...all('p99'));
  return [
    [`p50 within ${p50} ms of ${floor} (worst +${fmt(worst50, 3)} ms)`, worst50 <= p50],
    [`p99 ≤ ${p99}× ${floor} (worst ${fmt(worst99)})`, worst99 <= p99],
  ];
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
    if (one) {
      const ratio = tenK.tput['floor']!.relative / one.tput['floor']!.relative;
      found.push([`10k throughput within 10% of 1-preset (${fmt(ratio)})`, ratio >= 0.9]);
    }
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
    // Measured against the in-tree webhook in the same rounds when the bench ran one; else
    // from the two scales' floor ratios, which drift between runs minutes apart can move.
    const same = at(total);
    const ratio =
      beyond.inTree?.relative ??
      (same ? beyond.tput['floor']!.relative / same.tput['floor']!.relative : undefined);
    if (ratio === undefined) continue;
    found.push([`§8 catalog at ${total}: throughput within 5% of in-tree (${fmt(ratio)})`, ratio >= 0.95]);
  }
  found.push(['no errors', results.every((r) => r.errors === 0)]);
  return found;
}
