/**
 * Merge keys computed on the hot path, held to their definitions: a key read straight off an
 * item's members must be the key of the item's normalised form (docs/SPEC.md §2.6, §8.2).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldOf } from '../../src/core/fields/index.js';
import type { JsonObject } from '../../src/core/types.js';

/** Members as an API server, a file or a hostile /preview body may send them. */
const member = fc.oneof(
  fc.constantFrom(undefined, '', 'Equal', 'Exists', 'NoExecute', 'gpu', 0, 300, null, false, true),
  fc.string({ maxLength: 3 }),
  fc.constantFrom({}, [], ['x'], { a: '' }, { a: 1 }),
);
const toleration = fc
  .record(
    { key: member, operator: member, value: member, effect: member, tolerationSeconds: member },
    { requiredKeys: [] },
  )
  .map((item) => JSON.parse(JSON.stringify(item)) as JsonObject);

describe('the toleration key', () => {
  const tolerations = fieldOf('tolerations');
  const definition = (item: JsonObject): string => {
    const n = tolerations.normalize(item);
    return JSON.stringify([n['key'], n['operator'], n['value'], n['effect'], n['tolerationSeconds']]);
  };

  it('is one key exactly for tolerations whose normalised forms are equal, whatever their members hold', () => {
    fc.assert(
      fc.property(toleration, toleration, (a, b) => {
        const [idA] = tolerations.ids(a);
        expect(tolerations.ids(b)[0] === idA).toBe(definition(b) === definition(a));
        expect(tolerations.keys(a).map((key) => key.id)).toEqual([idA]);
      }),
      { numRuns: 5000 },
    );
  });

  it('is the same key for a toleration without the members normalisation drops', () => {
    const dropped = (item: JsonObject): JsonObject =>
      Object.fromEntries(
        Object.entries(item).filter(([member, value]) =>
          member === 'tolerationSeconds'
            ? value !== null
            : member === 'operator' // absent is Equal
              ? value !== 'Equal'
              : !['', false, 0, null].includes(value as never),
        ),
      );
    fc.assert(
      fc.property(toleration, (item) => {
        expect(tolerations.ids(dropped(item))).toEqual(tolerations.ids(item));
      }),
      { numRuns: 2000 },
    );
  });

  it('is one key for tolerations the API server would default alike', () => {
    const [a] = tolerations.ids({ key: 'gpu', effect: 'NoSchedule' });
    expect(tolerations.ids({ key: 'gpu', operator: 'Equal', value: '', effect: 'NoSchedule' })).toEqual([a]);
    expect(tolerations.ids({ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' })).not.toEqual([a]);
    expect(tolerations.ids({ key: 'gpu', effect: 'NoExecute', tolerationSeconds: 0 })).not.toEqual(
      tolerations.ids({ key: 'gpu', effect: 'NoExecute' }),
    );
  });
});
