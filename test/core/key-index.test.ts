import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyIndex } from '../../src/core/key-index.js';

describe('KeyIndex', () => {
  it('answers as a Map would, below and past the size where it moves to one', () => {
    const operation = fc.oneof(
      fc.tuple(fc.constant('set' as const), fc.string({ maxLength: 2 }), fc.integer()),
      fc.tuple(fc.constant('delete' as const), fc.string({ maxLength: 2 }), fc.constant(0)),
    );
    fc.assert(
      fc.property(
        fc.array(operation, { maxLength: 80 }),
        fc.array(fc.string({ maxLength: 2 })),
        (ops, probes) => {
          const index = new KeyIndex<number>();
          const map = new Map<string, number>();
          for (const [op, id, value] of ops) {
            if (op === 'set') {
              index.set(id, value);
              map.set(id, value);
            } else {
              index.delete(id);
              map.delete(id);
            }
          }
          for (const id of [...probes, ...ops.map(([, id]) => id)]) {
            expect(index.get(id)).toBe(map.get(id));
            expect(index.has(id)).toBe(map.has(id));
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
