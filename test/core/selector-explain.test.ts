import { describe, expect, it } from 'vitest';
import { describeSelector, unmet } from '../../src/core/selector-explain.js';
import { parseSelector, type Requirement } from '../../src/core/selector.js';

function requirements(selector: unknown): Requirement[] {
  const parsed = parseSelector(selector, 'spec.selector');
  if (!parsed.ok) throw new Error(parsed.error.join('; '));
  return parsed.value;
}

describe('unmet names the failing requirement and the label as it is', () => {
  const labels = { app: 'web', tier: 'frontend' };
  it.each([
    [{ matchLabels: { app: 'api' } }, ['label "app" is "web", not "api"']],
    [{ matchLabels: { team: 'shop' } }, ['label "team" is missing']],
    [
      { matchExpressions: [{ key: 'app', operator: 'In', values: ['api', 'worker'] }] },
      ['label "app" is "web", not one of [api, worker]'],
    ],
    [
      { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] },
      ['label "zone" is missing (needs one of [a])'],
    ],
    [
      { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['frontend', 'edge'] }] },
      ['label "tier" is "frontend", which is excluded by NotIn [frontend, edge]'],
    ],
    [{ matchExpressions: [{ key: 'tier2', operator: 'Exists' }] }, ['label "tier2" is missing']],
    [
      { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] },
      ['label "app" is "web", but the selector requires it absent (DoesNotExist)'],
    ],
  ])('%j', (selector, expected) => {
    expect(unmet(requirements(selector), labels)).toEqual(expected);
  });

  it('lists every failing requirement and none that holds', () => {
    const selector = {
      matchLabels: { app: 'web', tier: 'backend' },
      matchExpressions: [{ key: 'canary', operator: 'Exists' }],
    };
    expect(unmet(requirements(selector), labels)).toEqual([
      'label "tier" is "frontend", not "backend"',
      'label "canary" is missing',
    ]);
  });

  it('a selected label set has nothing unmet, an empty selector included', () => {
    expect(unmet(requirements({ matchLabels: { app: 'web' } }), labels)).toEqual([]);
    expect(unmet(requirements(undefined), labels)).toEqual([]);
  });

  it('an inherited property name is a missing label, not a present one', () => {
    expect(
      unmet(requirements({ matchExpressions: [{ key: 'constructor', operator: 'Exists' }] }), {}),
    ).toEqual(['label "constructor" is missing']);
  });
});

describe('describeSelector', () => {
  it('writes selectors as kubectl does', () => {
    const selector = {
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['a', 'b'] },
        { key: 'zone', operator: 'NotIn', values: ['x'] },
        { key: 'team', operator: 'Exists' },
        { key: 'canary', operator: 'DoesNotExist' },
      ],
    };
    expect(describeSelector(requirements(selector))).toBe(
      'app=web,tier in (a,b),zone notin (x),team,!canary',
    );
    expect(describeSelector([])).toBe('(everything)');
  });
});
