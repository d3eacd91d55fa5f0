import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocuments } from '../../src/documents/decode.js';
import { encodeYaml } from '../../src/documents/encode.js';
import { renderYaml } from '../../src/cli/render.js';
import type { PreviewResult } from '../../src/core/preview.js';

/** Reads YAML back as kubectl does: the project's own YAML 1.1 decoder (docs/inputs.md). */
const readBack = (text: string): unknown => {
  const parsed = parseDocuments(text, 'out.yaml');
  expect(parsed.errors).toEqual([]);
  return parsed.documents[0]!.object;
};

// Strings kubectl's decoder would read as booleans, numbers, null or timestamps when left plain.
const TRICKY = [
  'on',
  'off',
  'yes',
  'no',
  'NO',
  'Yes',
  'y',
  'n',
  'true',
  'False',
  '~',
  'null',
  'Null',
  '2024-10-31',
  '2024-10-31T10:00:00Z',
  '12:30',
  '0400',
  '0o17',
  '0b101',
  '0x1F',
  '1_000',
  '1e3',
  '1.',
  '-.5',
  '.5_0',
  // go-yaml drops every `_` of a scalar that starts with a sign or a digit: these are numbers to it.
  '1e3_',
  '-_1.5',
  '.inf',
  '-.Inf',
  '.nan',
  '0',
  '-1',
  '3.5',
];

describe('encodeYaml', () => {
  it.each(TRICKY)('writes the string %j so that it reads back as that string', (value) => {
    const text = encodeYaml({ env: [{ name: 'X', value }] });
    expect(readBack(text)).toEqual({ env: [{ name: 'X', value }] });
    expect(text).not.toMatch(new RegExp(`value: ${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`));
  });

  it.each(['e2', 'E+3', '-E1', '._5', '1e999'])(
    'writes the string %j so that it reads back as that string (go-yaml reads no number in it)',
    (value) => {
      expect(readBack(encodeYaml({ value }))).toEqual({ value });
    },
  );

  it('writes a key "<<" so that it reads back as that key, not as a YAML 1.1 merge', () => {
    const object = { data: { '<<': false, a: [{ '<<': 'x' }] } };
    expect(readBack(encodeYaml(object))).toEqual(object);
  });

  it('writes an object shared by several containers in full, with no anchors or aliases', () => {
    const proxy = { name: 'HTTPS_PROXY', value: 'http://proxy:3128' };
    const text = encodeYaml({
      spec: {
        containers: [
          { name: 'a', env: [proxy] },
          { name: 'b', env: [proxy] },
        ],
      },
    });
    expect(text).not.toMatch(/[&*]a\d/);
    expect(text.match(/HTTPS_PROXY/g)).toHaveLength(2);
  });

  it('round-trips any JSON value through a YAML 1.1 reader', () => {
    const scalar = fc.oneof(
      fc.constantFrom(...TRICKY),
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        scalar,
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.string({ minLength: 1 }), tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), value, { maxKeys: 5 }), (object) => {
        expect(readBack(encodeYaml(object))).toEqual(object);
      }),
      { numRuns: 300 },
    );
  });
});

describe('preview -o yaml', () => {
  it('writes a preset item that went to two containers in full in each', () => {
    const env = [{ name: 'LOG_FORMAT', value: 'on' }];
    const result = {
      object: {
        kind: 'Pod',
        spec: {
          containers: [
            { name: 'a', env },
            { name: 'b', env },
          ],
        },
      },
    };
    const text = renderYaml([result as unknown as PreviewResult]);
    expect(text).not.toContain('*');
    expect(readBack(text)).toEqual(result.object);
  });
});
