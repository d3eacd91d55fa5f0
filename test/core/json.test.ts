import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonString } from '../../src/core/json.js';

describe('jsonString', () => {
  it.each([
    '',
    '/spec/containers/0/env/-',
    'a"b',
    'back\\slash',
    'tab\there',
    '\u0000',
    'ü€',
    '😀',
    '\ud800',
    '\u2028',
  ])('is JSON.stringify for %j', (text) => expect(jsonString(text)).toBe(JSON.stringify(text)));

  it('is JSON.stringify for any UTF-16 string', () => {
    const unit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
    fc.assert(fc.property(fc.string({ unit }), (text) => jsonString(text) === JSON.stringify(text)));
  });
});
