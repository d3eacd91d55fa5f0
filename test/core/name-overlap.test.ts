import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commonContainerName, type NamePatterns } from '../../src/core/name-overlap.js';
import { compilePattern, matchesPattern } from '../../src/core/targeting.js';

const names = (...patterns: string[]): NamePatterns => ({ names: patterns, excludeNames: [] });
const every: NamePatterns = { names: undefined, excludeNames: [] };
const match = (pattern: string, name: string) => matchesPattern(compilePattern(pattern), name);
const matchesAny = (patterns: readonly string[], name: string) => patterns.some((p) => match(p, name));

/** A DNS-1123 label, as the API server checks a container name. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const isValidName = (name: string) => name.length <= 63 && DNS_LABEL.test(name);

/** What the selector targets, by the definition: a `names` pattern matches, no `excludeNames` one does. */
const targets = (selector: NamePatterns, name: string) =>
  (selector.names === undefined || matchesAny(selector.names, name)) &&
  !matchesAny(selector.excludeNames, name);

describe('commonContainerName', () => {
  it.each([
    ['patterns that meet only in a longer name', names('app-*'), names('*-web'), 'app-web'],
    ['a plain name and a pattern', names('web'), names('web*'), 'web'],
    ['a pattern and every container', names('app-*'), every, 'app-x'],
    ['every container on both sides', every, every, 'x'],
    ['one of several patterns', names('db', 'api-*'), names('*-v2', 'cache'), 'api-v2'],
  ])('%s', (_, a, b, expected) => {
    expect(commonContainerName(a, b, [])).toEqual({ kind: 'name', name: expected });
  });

  it.each([
    ['different prefixes', names('app-*'), names('db-*')],
    ['different plain names', names('api'), names('web')],
    ['patterns whose only common names end in a dash', names('a*'), names('*-')],
    ['a pattern that only names ending in a dash match', names('*-'), every],
    ['patterns whose only common names start with a dash', names('-*'), every],
    [
      'patterns that together need more than 63 characters',
      names(`${'a'.repeat(40)}*`),
      names(`*${'b'.repeat(40)}`),
    ],
  ])('finds none for %s', (_, a, b) => {
    expect(commonContainerName(a, b, [])).toEqual({ kind: 'none' });
  });

  it('never picks an excluded name or a name a preset adds', () => {
    const a: NamePatterns = { names: ['web*'], excludeNames: ['web', 'web-x'] };
    expect(commonContainerName(a, every, ['webx'])).toEqual({ kind: 'name', name: 'weba' });
    expect(commonContainerName(a, { names: undefined, excludeNames: ['web*'] }, [])).toEqual({
      kind: 'none',
    });
  });

  it('says unknown rather than none when it stops at its work bound', () => {
    expect(commonContainerName(names('app-*'), names('*-web'), [], 10)).toEqual({ kind: 'unknown' });
  });

  it('stays bounded for the longest and most numerous patterns validation allows', () => {
    const hostile = Array.from({ length: 64 }, (_, i) => `*${'ab*'.repeat(20)}${i % 10}`.slice(0, 63));
    const found = commonContainerName(
      names(...hostile),
      names(...hostile.map((p) => p.replaceAll('a', 'b'))),
      [],
    );
    expect(['name', 'none', 'unknown']).toContain(found.kind);
    if (found.kind === 'name') expect(isValidName(found.name)).toBe(true);
  });

  it('finds a valid name both target exactly when one exists (brute force over short names)', () => {
    const pattern = fc
      .array(fc.constantFrom('a', 'b', '-', '*'), { minLength: 1, maxLength: 3 })
      .map((chars) => chars.join(''));
    const takenName = fc
      .array(fc.constantFrom('a', 'b', '-'), { minLength: 1, maxLength: 3 })
      .map((chars) => chars.join(''));
    const selector = fc.record({
      names: fc.option(fc.array(pattern, { minLength: 1, maxLength: 2 }), { nil: undefined }),
      excludeNames: fc.array(pattern, { maxLength: 1 }),
    });
    // Every name of up to 6 characters over the spelled letters, '-' and one letter no pattern spells.
    const short: string[] = [''];
    for (let i = 0; i < short.length && short[i]!.length < 6; i++)
      for (const char of 'ab-x') short.push(short[i]! + char);
    fc.assert(
      fc.property(selector, selector, fc.array(takenName, { maxLength: 1 }), (a, b, taken) => {
        const found = commonContainerName(a, b, taken);
        const both = short.filter(
          (name) => isValidName(name) && targets(a, name) && targets(b, name) && !taken.includes(name),
        );
        if (found.kind === 'name') {
          expect(isValidName(found.name)).toBe(true);
          expect(targets(a, found.name) && targets(b, found.name)).toBe(true);
          expect(taken).not.toContain(found.name);
          if (both.length > 0) expect(found.name.length).toBeLessThanOrEqual(both[0]!.length);
        } else {
          expect(found.kind).toBe('none');
          expect(both).toEqual([]);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
