/**
 * Can two label selectors select the same object? Requirements on different keys never
 * interfere, so selectors meet exactly when, key by key, some value (or the label's absence)
 * meets every requirement both put on that key. When they do, the witness is an example label
 * set both select; when they do not, they are provably disjoint (two different matchLabels
 * values, In sets with no common value, In against NotIn covering it, Exists against
 * DoesNotExist) and lint never reports the pair.
 */
import type { Requirement } from './selector.js';
import type { Labels } from './types.js';

interface KeyConstraint {
  /** Values every In allows (intersection); undefined while no In was seen. */
  allowed: string[] | undefined;
  readonly excluded: Set<string>;
  present: boolean;
  absent: boolean;
}

/** A value for a label that must exist but has no In list: one NotIn does not rule out. */
function freeValue(excluded: ReadonlySet<string>): string {
  if (!excluded.has('example')) return 'example';
  for (let i = 1; ; i++) if (!excluded.has(`example-${i}`)) return `example-${i}`;
}

/**
 * commonLabels returns a label set that every one of `selectors` selects (each a list of
 * requirements, ANDed), or undefined when no label set can meet them all.
 */
export function commonLabels(...selectors: ReadonlyArray<readonly Requirement[]>): Labels | undefined {
  const byKey = new Map<string, KeyConstraint>();
  for (const { key, operator, values } of selectors.flat()) {
    let constraint = byKey.get(key);
    if (!constraint) {
      constraint = { allowed: undefined, excluded: new Set(), present: false, absent: false };
      byKey.set(key, constraint);
    }
    switch (operator) {
      case 'In':
        constraint.present = true;
        constraint.allowed = (constraint.allowed ?? values).filter((v) => values.includes(v));
        break;
      case 'NotIn':
        for (const value of values) constraint.excluded.add(value);
        break;
      case 'Exists':
        constraint.present = true;
        break;
      case 'DoesNotExist':
        constraint.absent = true;
        break;
    }
  }

  const labels: Record<string, string> = {};
  for (const [key, { allowed, excluded, present, absent }] of byKey) {
    if (!present) continue; // absent meets NotIn and DoesNotExist alike
    if (absent) return undefined;
    if (allowed === undefined) {
      labels[key] = freeValue(excluded);
      continue;
    }
    const value = allowed.find((v) => !excluded.has(v));
    if (value === undefined) return undefined;
    labels[key] = value;
  }
  return labels;
}
