import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern, matchesPattern } from '../../src/core/targeting.js';

/** The definition (docs/SPEC.md §8.1): the whole name, `*` any run of characters, the empty one included. */
const byRegExp = (pattern: string, name: string): boolean =>
  new RegExp(`^${pattern.split('*').join('.*')}$`).test(name);

describe('container name patterns', () => {
  it('match exactly the names the definition matches', () => {
    const text = (max: number) => fc.array(fc.constantFrom('a', 'b', '-', '*'), { maxLength: max });
    fc.assert(
      fc.property(text(8), text(8), (pattern, name) => {
        const p = pattern.join('') || 'a';
        const n = name.join('').replaceAll('*', 'a');
        expect(matchesPattern(compilePattern(p), n)).toBe(byRegExp(p, n));
      }),
      { numRuns: 5000 },
    );
  });

  it('read the examples of the specification', () => {
    const match = (pattern: string, name: string) => matchesPattern(compilePattern(pattern), name);
    expect(match('*', '')).toBe(true);
    expect(match('app-*', 'app-web')).toBe(true);
    expect(match('app-*', 'app-')).toBe(true);
    expect(match('app-*', 'ap')).toBe(false);
    expect(match('web*', 'web')).toBe(true);
    expect(match('a*a', 'a')).toBe(false);
    expect(match('*-exporter', 'metrics-exporter')).toBe(true);
    expect(match('checkout', 'checkout-2')).toBe(false);
  });
});
