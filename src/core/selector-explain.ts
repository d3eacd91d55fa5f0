/**
 * Why a selector does not select a set of labels, in words a user can act on: the requirements
 * it fails, each with the label as it is. Read by explain only, never on admission's hot path;
 * built from the same requirements as the matcher, so the two cannot disagree.
 */
import { requirementMatcher, type Requirement } from './selector.js';
import type { Labels } from './types.js';

const quote = (value: string): string => JSON.stringify(value);
const list = (values: readonly string[]): string => `[${values.join(', ')}]`;

/**
 * unmet says, for each requirement `labels` fail, what the label is and what was wanted:
 * `label "app" is "web", not one of [api, worker]`, `label "tier" is missing`. Empty: selected.
 */
export function unmet(requirements: readonly Requirement[], labels: Labels): string[] {
  return requirements.filter((r) => !requirementMatcher(r)(labels)).map((r) => describeUnmet(r, labels));
}

function describeUnmet({ key, operator, values, from }: Requirement, labels: Labels): string {
  const label = `label ${quote(key)}`;
  const present = Object.hasOwn(labels, key);
  const actual = present ? `${label} is ${quote(labels[key]!)}` : `${label} is missing`;
  switch (operator) {
    case 'In':
      if (from === 'matchLabels') return present ? `${actual}, not ${quote(values[0]!)}` : actual;
      return present ? `${actual}, not one of ${list(values)}` : `${actual} (needs one of ${list(values)})`;
    case 'NotIn':
      return `${actual}, which is excluded by NotIn ${list(values)}`;
    case 'Exists':
      return actual;
    case 'DoesNotExist':
      return `${actual}, but the selector requires it absent (DoesNotExist)`;
  }
}

/** describeSelector writes a selector as kubectl prints one: `app=web,tier in (a,b),!canary`. */
export function describeSelector(requirements: readonly Requirement[]): string {
  if (requirements.length === 0) return '(everything)';
  return requirements
    .map(({ key, operator, values, from }) => {
      if (from === 'matchLabels') return `${key}=${values[0]}`;
      switch (operator) {
        case 'In':
          return `${key} in (${values.join(',')})`;
        case 'NotIn':
          return `${key} notin (${values.join(',')})`;
        case 'Exists':
          return key;
        case 'DoesNotExist':
          return `!${key}`;
      }
    })
    .join(',');
}
