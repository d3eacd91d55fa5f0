/** Overlap of selectors: a witness both select, or provable disjointness, checked against the real matchers. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commonLabels } from '../../src/core/selector-overlap.js';
import { matcherOf, parseSelector, type Requirement } from '../../src/core/selector.js';

function requirements(selector: unknown): Requirement[] {
  const parsed = parseSelector(selector, 'spec.selector');
  if (!parsed.ok) throw new Error(parsed.error.join('; '));
  return parsed.value;
}

const expr = (key: string, operator: string, values?: string[]) => ({
  matchExpressions: [{ key, operator, ...(values ? { values } : {}) }],
});

describe('provably disjoint selectors', () => {
  it.each([
    ['two matchLabels values', { matchLabels: { app: 'a' } }, { matchLabels: { app: 'b' } }],
    ['In sets without a common value', expr('app', 'In', ['a', 'b']), expr('app', 'In', ['c'])],
    ['matchLabels against NotIn', { matchLabels: { app: 'a' } }, expr('app', 'NotIn', ['a'])],
    ['In against a NotIn covering it', expr('app', 'In', ['a', 'b']), expr('app', 'NotIn', ['b', 'a'])],
    ['Exists against DoesNotExist', expr('app', 'Exists'), expr('app', 'DoesNotExist')],
    ['matchLabels against DoesNotExist', { matchLabels: { app: 'a' } }, expr('app', 'DoesNotExist')],
  ])('%s', (_, a, b) => {
    expect(commonLabels(requirements(a), requirements(b))).toBeUndefined();
  });
});

describe('overlapping selectors give a label set both select', () => {
  it.each([
    ['an empty selector and any other', {}, { matchLabels: { app: 'a' } }, { app: 'a' }],
    [
      'different keys',
      { matchLabels: { app: 'a' } },
      { matchLabels: { tier: 't' } },
      { app: 'a', tier: 't' },
    ],
    [
      'In sets with a common value',
      expr('app', 'In', ['a', 'b']),
      expr('app', 'In', ['c', 'b']),
      { app: 'b' },
    ],
    [
      'In against a NotIn leaving a value',
      expr('app', 'In', ['a', 'b']),
      expr('app', 'NotIn', ['a']),
      { app: 'b' },
    ],
    ['Exists against NotIn', expr('app', 'Exists'), expr('app', 'NotIn', ['example']), { app: 'example-1' }],
    ['NotIn against DoesNotExist', expr('app', 'NotIn', ['a']), expr('app', 'DoesNotExist'), {}],
  ])('%s', (_, a, b, expected) => {
    expect(commonLabels(requirements(a), requirements(b))).toEqual(expected);
  });
});

const keys = ['app', 'tier', 'zone'];
const values = ['a', 'b', 'c', 'example'];
const requirement = fc.oneof(
  fc.record({
    key: fc.constantFrom(...keys),
    operator: fc.constantFrom('In', 'NotIn'),
    values: fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ key: fc.constantFrom(...keys), operator: fc.constantFrom('Exists', 'DoesNotExist') }),
);
const selector = fc.record(
  {
    matchLabels: fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), { maxKeys: 2 }),
    matchExpressions: fc.array(requirement, { maxLength: 3 }),
  },
  { requiredKeys: [] },
);
/** Every label set over `keys`: each key absent or one of `values` or a value no selector names. */
const everyLabelSet: Array<Record<string, string>> = keys.reduce<Array<Record<string, string>>>(
  (sets, key) =>
    sets.flatMap((set) => [set, ...[...values, 'other'].map((value) => ({ ...set, [key]: value }))]),
  [{}],
);

describe('commonLabels agrees with the matchers', () => {
  it('a witness is selected by both; without one, no label set is', () => {
    fc.assert(
      fc.property(selector, selector, (a, b) => {
        const [ra, rb] = [requirements(a), requirements(b)];
        const [ma, mb] = [matcherOf(ra), matcherOf(rb)];
        const witness = commonLabels(ra, rb);
        if (witness) {
          expect(ma(witness) && mb(witness)).toBe(true);
        } else {
          expect(everyLabelSet.filter((labels) => ma(labels) && mb(labels))).toEqual([]);
        }
      }),
      { numRuns: 500 },
    );
  });
});
