/**
 * Can two containerSelectors target the same container? Lint's example Pod needs a container both
 * presets reach, or a conflict in it goes unseen (docs/explain.md). Reading each `*` as a fixed
 * letter misses pairs like `app-*` and `*-web`, which meet only in names such as `app-web`; so the
 * name is searched for exactly: a breadth-first walk over the patterns read together as one
 * automaton, one character at a time, that finds the shortest name matching a `names` pattern of
 * each preset, no `excludeNames` pattern of either and no name either preset adds, that is also a
 * valid container name (a DNS-1123 label). When the walk runs out of new states there is no such
 * name at all, and lint never reports the pair's container-level items.
 */

/** A containerSelector's name patterns as data, from the same validated object as its matcher. */
export interface NamePatterns {
  /** Undefined: every container. */
  readonly names: readonly string[] | undefined;
  readonly excludeNames: readonly string[];
}

export type CommonName =
  | { readonly kind: 'name'; readonly name: string }
  /** No valid container name both target: provably, the walk ran out of states. */
  | { readonly kind: 'none' }
  /** The search stopped at its work bound (hostile patterns) before it could say. */
  | { readonly kind: 'unknown' };

/** A container name is a DNS-1123 label: at most 63 characters. */
export const MAX_CONTAINER_NAME = 63;

/**
 * Positions stepped before the search gives up. Realistic patterns (`app-*`, `*-web`, a few per
 * list) die or match within a few hundred steps; 64 patterns of 63 characters with a `*` every few
 * (the most validation allows, targeting.ts) exhaust it in 2–4 ms. That bounds lint per pair
 * and /validate per existing preset whose selector overlaps: /validate answers the API server,
 * whose webhook timeout is seconds, and a tenant's hostile patterns must not use that up.
 */
export const MAX_SEARCH_STEPS = 20_000;

/** A pattern of at most 63 characters has positions 0..63: one slot of 64 each. */
const SLOT = 64;

/**
 * Where a prefix can have got in a list of patterns: every `index * SLOT + position` some way of
 * reading the prefix reaches, closed over `*` matching the empty run. Sorted, so it is also a key.
 */
type Positions = readonly number[];

/** Adds a position and those a `*` there can skip to (the empty run). */
function addClosed(patterns: readonly string[], index: number, position: number, into: Set<number>): void {
  const pattern = patterns[index]!;
  for (let at = position; ; at++) {
    into.add(index * SLOT + at);
    if (pattern[at] !== '*') return;
  }
}

const sorted = (set: Set<number>): Positions => [...set].sort((x, y) => x - y);

function startOf(patterns: readonly string[]): Positions {
  const into = new Set<number>();
  patterns.forEach((_, index) => addClosed(patterns, index, 0, into));
  return sorted(into);
}

/** The positions after one more character: a `*` stays where it is, a literal must be that character. */
function step(patterns: readonly string[], positions: Positions, char: string): Positions {
  const into = new Set<number>();
  for (const code of positions) {
    const index = Math.floor(code / SLOT);
    const position = code % SLOT;
    const at = patterns[index]![position];
    if (at === '*') addClosed(patterns, index, position, into);
    else if (at === char) addClosed(patterns, index, position + 1, into);
  }
  return sorted(into);
}

/** Some pattern has read the whole prefix. */
const accepts = (patterns: readonly string[], positions: Positions): boolean =>
  positions.some((code) => code % SLOT === patterns[Math.floor(code / SLOT)]!.length);

/** Some pattern matches the prefix followed by anything (it ends in a `*` it has reached). */
const absorbs = (patterns: readonly string[], positions: Positions): boolean =>
  positions.some((code) => {
    const pattern = patterns[Math.floor(code / SLOT)]!;
    return pattern.endsWith('*') && code % SLOT === pattern.length;
  });

/**
 * The characters worth trying: those the patterns spell out, and one other. Every character no
 * pattern spells behaves alike in all of them, so one stands for all; it is a letter or digit,
 * since those fit anywhere in a name and '-' does not. `x` when free, as `*` reads in examples.
 */
function alphabetOf(patterns: readonly string[]): string[] {
  const spelled = new Set([...patterns.join('')].filter((char) => char !== '*'));
  const free = [...'xabcdefghijklmnopqrstuvwyz0123456789'].find((char) => !spelled.has(char));
  return [...(free === undefined ? [] : [free]), ...[...spelled].sort()];
}

/** DNS-1123 label, as a three-state machine: nothing read yet, last is alphanumeric, last is '-'. */
type Label = 'empty' | 'alnum' | 'dash';

function labelAfter(label: Label, char: string): Label | undefined {
  if (char !== '-') return 'alnum';
  return label === 'empty' ? undefined : 'dash';
}

interface State {
  readonly name: string;
  readonly label: Label;
  /** In the first preset's `names`, the second's, and the names neither may target. */
  readonly first: Positions;
  readonly second: Positions;
  readonly excluded: Positions;
}

const keyOf = (state: State): string =>
  `${state.label}|${state.first.join(',')}|${state.second.join(',')}|${state.excluded.join(',')}`;

/**
 * commonContainerName finds the shortest valid container name (of those, the first in the order
 * of alphabetOf) that both containerSelectors target and that is not in `taken` (containers the
 * presets add, never targeted), or says there is none.
 */
export function commonContainerName(
  a: NamePatterns,
  b: NamePatterns,
  taken: readonly string[],
  maxSteps: number = MAX_SEARCH_STEPS,
): CommonName {
  // An absent `names` is every container; a taken name is a pattern without a `*`.
  const first = a.names ?? ['*'];
  const second = b.names ?? ['*'];
  const excluded = [...a.excludeNames, ...b.excludeNames, ...taken];
  const alphabet = alphabetOf([...first, ...second, ...excluded]);

  let layer: State[] = [
    { name: '', label: 'empty', first: startOf(first), second: startOf(second), excluded: startOf(excluded) },
  ];
  const seen = new Set(layer.map(keyOf));
  let steps = 0;
  for (let length = 1; length <= MAX_CONTAINER_NAME && layer.length > 0; length++) {
    const next: State[] = [];
    for (const state of layer) {
      for (const char of alphabet) {
        steps += state.first.length + state.second.length + state.excluded.length;
        if (steps > maxSteps) return { kind: 'unknown' };
        const label = labelAfter(state.label, char);
        if (label === undefined) continue;
        const after: State = {
          name: state.name + char,
          label,
          first: step(first, state.first, char),
          second: step(second, state.second, char),
          excluded: step(excluded, state.excluded, char),
        };
        // Dead ends: a selector can no longer match, or an exclusion matches whatever follows.
        if (after.first.length === 0 || after.second.length === 0 || absorbs(excluded, after.excluded))
          continue;
        const key = keyOf(after);
        if (seen.has(key)) continue; // the same state: the same futures, already searched from
        seen.add(key);
        const valid = label === 'alnum' && accepts(first, after.first) && accepts(second, after.second);
        if (valid && !accepts(excluded, after.excluded)) return { kind: 'name', name: after.name };
        next.push(after);
      }
    }
    layer = next;
  }
  return { kind: 'none' };
}
