/** Bytes to text: UTF-8 or refused, with the place of the first bad byte. */
import { describe, expect, it } from 'vitest';
import { parseBytes } from '../../src/documents/decode.js';
import { utf8Text } from '../../src/documents/utf8.js';

const bytes = (...parts: Array<string | number[]>): Buffer =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));

const BOM = [0xef, 0xbb, 0xbf];
const notUtf8 = (line: number, offset: number): string =>
  `not valid UTF-8 at line ${line}, byte offset ${offset} (kubectl refuses it too): save it as UTF-8`;

describe('utf8Text', () => {
  it('reads UTF-8, and drops a byte order mark', () => {
    expect(utf8Text(bytes('a: é😀\n'))).toEqual({ ok: true, value: 'a: é😀\n' });
    expect(utf8Text(bytes(BOM, 'a: 1\n'))).toEqual({ ok: true, value: 'a: 1\n' });
  });

  it.each([
    { name: 'a Latin-1 é', input: bytes('a: caf', [0xe9], '\n'), line: 1, offset: 6 },
    { name: 'a lone continuation byte', input: bytes('a: 1\nb: ', [0x80]), line: 2, offset: 8 },
    { name: 'a sequence cut short', input: bytes('a: ', [0xe2, 0x82], 'x'), line: 1, offset: 3 },
    { name: 'an overlong encoding of "/"', input: bytes('a: ', [0xc0, 0xaf]), line: 1, offset: 3 },
    { name: 'an encoded surrogate', input: bytes('a: ', [0xed, 0xa0, 0x80]), line: 1, offset: 3 },
    { name: 'a bad byte after a BOM, é and 😀', input: bytes(BOM, 'é😀\n', [0xff]), line: 2, offset: 10 },
    { name: 'a bad byte after a real U+FFFD', input: bytes('\uFFFD', [0xff]), line: 1, offset: 3 },
  ])('refuses $name, saying where', ({ input, line, offset }) => {
    expect(utf8Text(input)).toEqual({ ok: false, error: notUtf8(line, offset) });
  });
});

describe('parseBytes', () => {
  it('reads YAML and JSON with a byte order mark as without one', () => {
    expect(parseBytes(bytes(BOM, 'a: 1\n'), 'f.yaml').documents).toEqual([
      { source: 'f.yaml', object: { a: 1 } },
    ]);
    expect(parseBytes(bytes(BOM, '{"a": 1}'), 'f.json').documents).toEqual([
      { source: 'f.json', object: { a: 1 } },
    ]);
  });

  it('refuses bytes that are not UTF-8 whole, naming the source, rather than read U+FFFD into a value', () => {
    expect(parseBytes(bytes('a: 1\n---\nb: caf', [0xe9], '\n'), 'f.yaml')).toEqual({
      documents: [],
      errors: [{ source: 'f.yaml', problems: [notUtf8(3, 15)] }],
    });
  });
});
