import { describe, expect, it } from 'vitest';
import { compileSelector } from '../../src/core/selector.js';

const labels = { app: 'web', tier: 'frontend', 'example.com/team': 'shop' };

describe('compileSelector matching', () => {
  it.each([
    { name: 'absent selector matches everything', selector: undefined, expected: true },
    { name: 'empty selector matches everything', selector: {}, expected: true },
    {
      name: 'matchLabels all present',
      selector: { matchLabels: { app: 'web', tier: 'frontend' } },
      expected: true,
    },
    {
      name: 'matchLabels one differs',
      selector: { matchLabels: { app: 'web', tier: 'backend' } },
      expected: false,
    },
    { name: 'matchLabels is case-sensitive', selector: { matchLabels: { app: 'Web' } }, expected: false },
    {
      name: 'matchLabels with prefixed key',
      selector: { matchLabels: { 'example.com/team': 'shop' } },
      expected: true,
    },
    {
      name: 'In with a listed value',
      selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend', 'frontend'] }] },
      expected: true,
    },
    {
      name: 'In with the label absent',
      selector: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] },
      expected: false,
    },
    {
      name: 'In without a listed value',
      selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend'] }] },
      expected: false,
    },
    {
      name: 'NotIn with the label absent',
      selector: { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] },
      expected: true,
    },
    {
      name: 'NotIn with an unlisted value',
      selector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['backend'] }] },
      expected: true,
    },
    {
      name: 'NotIn with a listed value',
      selector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['frontend'] }] },
      expected: false,
    },
    {
      name: 'Exists present',
      selector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] },
      expected: true,
    },
    {
      name: 'Exists absent',
      selector: { matchExpressions: [{ key: 'zone', operator: 'Exists' }] },
      expected: false,
    },
    {
      name: 'DoesNotExist absent',
      selector: { matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] },
      expected: true,
    },
    {
      name: 'DoesNotExist present',
      selector: { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] },
      expected: false,
    },
    {
      name: 'matchLabels and matchExpressions are ANDed',
      selector: {
        matchLabels: { app: 'web' },
        matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend'] }],
      },
      expected: false,
    },
    {
      name: 'every expression must hold',
      selector: {
        matchExpressions: [
          { key: 'app', operator: 'Exists' },
          { key: 'tier', operator: 'DoesNotExist' },
        ],
      },
      expected: false,
    },
  ])('$name', ({ selector, expected }) => {
    const compiled = compileSelector(selector, 'spec.selector');
    expect(compiled.ok).toBe(true);
    if (compiled.ok) expect(compiled.value(labels)).toBe(expected);
  });

  it('does not treat inherited object members as labels', () => {
    const compiled = compileSelector({ matchExpressions: [{ key: 'constructor', operator: 'Exists' }] }, 's');
    expect(compiled.ok && compiled.value({})).toBe(false);
  });
});

describe('compileSelector rejects what the API rejected', () => {
  it.each([
    {
      name: 'unknown operator',
      selector: { matchExpressions: [{ key: 'a', operator: 'Equals', values: ['x'] }] },
      message: 'unsupported operator "Equals"',
    },
    {
      name: 'lower-case operator',
      selector: { matchExpressions: [{ key: 'a', operator: 'in', values: ['x'] }] },
      message: 'unsupported operator "in"',
    },
    {
      name: 'In without values',
      selector: { matchExpressions: [{ key: 'a', operator: 'In' }] },
      message: 'must be non-empty when operator is In',
    },
    {
      name: 'NotIn with empty values',
      selector: { matchExpressions: [{ key: 'a', operator: 'NotIn', values: [] }] },
      message: 'must be non-empty when operator is NotIn',
    },
    {
      name: 'Exists with values',
      selector: { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
      message: 'must be empty when operator is Exists',
    },
    {
      name: 'DoesNotExist with values',
      selector: { matchExpressions: [{ key: 'a', operator: 'DoesNotExist', values: ['x'] }] },
      message: 'must be empty when operator is DoesNotExist',
    },
    {
      name: 'missing key',
      selector: { matchExpressions: [{ operator: 'Exists' }] },
      message: 'matchExpressions[0].key: required',
    },
    {
      name: 'invalid label key',
      selector: { matchLabels: { 'bad key': 'x' } },
      message: 'invalid label key',
    },
    {
      name: 'invalid label value',
      selector: { matchLabels: { app: 'not ok!' } },
      message: 'invalid label value',
    },
    {
      name: 'non-string label value',
      selector: { matchLabels: { app: 3 } },
      message: 'value must be a string',
    },
    {
      name: 'unknown selector field',
      selector: { matchLabel: { app: 'x' } },
      message: 'unknown field "matchLabel"',
    },
    { name: 'selector not an object', selector: 'app=web', message: 'must be a LabelSelector object' },
    {
      name: 'matchExpressions not a list',
      selector: { matchExpressions: { key: 'a' } },
      message: 'matchExpressions: must be a list',
    },
  ])('$name', ({ selector, message }) => {
    const compiled = compileSelector(selector, 'spec.selector');
    expect(compiled.ok).toBe(false);
    if (!compiled.ok) {
      expect(compiled.error.join('\n')).toContain(message);
      expect(compiled.error.every((problem) => problem.startsWith('spec.selector'))).toBe(true);
    }
  });

  it('reports every problem, not just the first', () => {
    const compiled = compileSelector(
      {
        matchExpressions: [
          { key: 'a', operator: 'In' },
          { key: 'b', operator: 'Nope' },
        ],
      },
      'spec.selector',
    );
    expect(compiled.ok ? [] : compiled.error).toHaveLength(2);
  });
});
