/** Counting the keys a JSON text writes, to find the duplicates JSON.parse drops. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keysWritten } from '../../src/documents/json-keys.js';
import { keysWithinDepth } from '../../src/core/depth.js';

describe('keysWritten', () => {
  it.each([
    { json: '{}', keys: 0 },
    { json: '["a", "b"]', keys: 0 },
    { json: '{"a": "b"}', keys: 1 },
    { json: '{"a" \t\r\n: {"b": ["c", {"d": 1}]}}', keys: 3 },
    { json: '{"a": "\\":", "b": "\\\\"}', keys: 2 },
    { json: '{"a\\\\": 1, "b\\\\\\"": ":"}', keys: 2 },
    { json: '{"a": 1, "a": 2}', keys: 2 },
  ])('$json writes $keys keys', ({ json, keys }) => {
    expect(keysWritten(json)).toBe(keys);
  });

  it('counts as many keys as JSON.parse keeps when no key is repeated (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2, '\t'), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        expect(keysWritten(text)).toBe(keysWithinDepth(JSON.parse(text)));
      }),
      { numRuns: 500 },
    );
  });
});
