/** Decoding manifests as kubectl reads them, and saying what is wrong without quoting it. */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseBytes, parseBytesInSlices, parseDocuments } from '../../src/documents/decode.js';
import { jsonProblem } from '../../src/documents/problems.js';
import { MAX_DEPTH } from '../../src/core/depth.js';

const valueOf = (text: string): unknown => {
  const parsed = parseDocuments(text, 'f.yaml');
  expect(parsed.errors).toEqual([]);
  return parsed.documents[0]?.object;
};
const problemsOf = (text: string): string[] =>
  parseDocuments(text, 'f.yaml').errors.flatMap((e) => e.problems);

describe('YAML 1.1 scalars, as kubectl reads them', () => {
  it.each([
    { yaml: '0400', value: 256 },
    { yaml: '0644', value: 420 },
    { yaml: '0x1F', value: 31 },
    { yaml: '1_000', value: 1000 },
    { yaml: '400', value: 400 },
    { yaml: 'on', value: true },
    { yaml: 'yes', value: true },
    { yaml: 'Y', value: true },
    { yaml: 'ON', value: true },
    { yaml: 'off', value: false },
    { yaml: 'no', value: false },
    { yaml: 'N', value: false },
    { yaml: 'true', value: true },
    { yaml: '"0400"', value: '0400' },
    { yaml: '"on"', value: 'on' },
    // go-yaml v2 leaves these strings when decoding into untyped values, and so does kubectl.
    { yaml: '2024-10-31', value: '2024-10-31' },
    { yaml: '2001-12-14t21:59:43.10-05:00', value: '2001-12-14t21:59:43.10-05:00' },
    { yaml: '12:30', value: '12:30' },
    { yaml: '190:20:30', value: '190:20:30' },
  ])('$yaml is $value', ({ yaml, value }) => {
    expect(valueOf(`v: ${yaml}\n`)).toEqual({ v: value });
  });

  it('reads defaultMode 0400 as 256 (mode r--------), not 400', () => {
    const volume = valueOf('volumes:\n- name: v\n  secret: {secretName: s, defaultMode: 0400}\n');
    expect(volume).toEqual({ volumes: [{ name: 'v', secret: { secretName: 's', defaultMode: 256 } }] });
  });

  it('reads JSON as JSON: "0400" stays a string, 400 a number', () => {
    expect(valueOf('{"a": "0400", "b": 400, "c": "on"}')).toEqual({ a: '0400', b: 400, c: 'on' });
  });
});

describe('floats, as go-yaml v2 reads them (resolve.go on branch v2)', () => {
  it.each([
    { yaml: '1e3', value: 1000 },
    { yaml: '1.5e3', value: 1500 },
    { yaml: '-1.5E+3', value: -1500 },
    { yaml: '+1e-3', value: 0.001 },
    { yaml: '3.5', value: 3.5 },
    { yaml: '1.', value: 1 },
    { yaml: '.5', value: 0.5 },
    { yaml: '-.5', value: -0.5 },
    { yaml: '.5e3', value: 500 },
    { yaml: '1_000.5', value: 1000.5 },
    // Starting with a sign or a digit, go-yaml drops every `_` before it looks.
    { yaml: '1e3_', value: 1000 },
    { yaml: '-_1.5', value: -1.5 },
    // Starting with a dot, Go's ParseFloat decides: `_` only between digits.
    { yaml: '.5_0', value: 0.5 },
    { yaml: '.inf', value: Infinity },
    { yaml: '-.Inf', value: -Infinity },
    { yaml: '+.INF', value: Infinity },
    { yaml: '.NaN', value: NaN },
    // No digits before the exponent: strings (the YAML library's YAML 1.1 rule reads NaN).
    { yaml: 'e2', value: 'e2' },
    { yaml: 'E0', value: 'E0' },
    { yaml: 'e5', value: 'e5' },
    { yaml: 'E12', value: 'E12' },
    { yaml: 'E+3', value: 'E+3' },
    { yaml: '-E1', value: '-E1' },
    { yaml: '.e3', value: '.e3' },
    { yaml: '.', value: '.' },
    { yaml: '-.', value: '-.' },
    { yaml: '._5', value: '._5' },
    { yaml: '.5_', value: '.5_' },
    { yaml: '+.nan', value: '+.nan' },
    // Out of a float64's range ParseFloat fails, and go-yaml keeps the text.
    { yaml: '1e999', value: '1e999' },
    { yaml: '-.5e999', value: '-.5e999' },
  ])('$yaml is $value', ({ yaml, value }) => {
    expect(valueOf(`v: ${yaml}\n`)).toEqual({ v: value });
  });

  it('reads the GKE machine family e2 as the string it is, in a nodeSelector', () => {
    expect(valueOf('nodeSelector: {cloud.google.com/machine-family: e2}\n')).toEqual({
      nodeSelector: { 'cloud.google.com/machine-family': 'e2' },
    });
  });
});

const DUPLICATE = 'a key that appears twice in the same mapping';

describe('duplicate keys are refused in JSON as in YAML', () => {
  it.each([
    { name: 'at the top', json: '{"kind": "Pod", "kind": "Pod"}', at: 'line 1, column 17' },
    {
      name: 'in a nested object, after a space',
      json: '{\n  "metadata": {\n    "labels": {"app": "a", "app" : "b"}\n  }\n}',
      at: 'line 3, column 28',
    },
    { name: 'in an object in a list', json: '[{"a": 1}, {"b": 1, "b": 1}]', at: 'line 1, column 21' },
    { name: 'written with an escape', json: '{"ab": 1, "a\\u0062": 2}', at: 'line 1, column 11' },
  ])('$name: named with its line and column', ({ json, at }) => {
    expect(JSON.parse(json)).toBeDefined(); // JSON.parse alone keeps the last and says nothing
    expect(parseDocuments(json, 'f.json')).toEqual({
      documents: [],
      errors: [{ source: 'f.json', problems: [`${DUPLICATE} at ${at}`] }],
    });
  });

  it('the same key in two objects is no duplicate, nor are quotes, backslashes and colons in strings', () => {
    const applied = JSON.stringify({ metadata: { name: 'a', labels: { 'app\\': 'x' } } });
    const object = [
      { metadata: { name: 'a', annotations: { 'last-applied': applied, 'a\\': '\\', b: '":' } } },
      { metadata: { name: 'a' } },
    ];
    expect(parseDocuments(JSON.stringify(object, null, 2), 'f.json')).toEqual({
      documents: [{ source: 'f.json', object }],
      errors: [],
    });
  });
});

const SECRET = 'Xy9-hunter2-TOPSECRET';
/** Broken documents that hold a secret, each the way a YAML parser would quote it back. */
const BROKEN_WITH_SECRET = [
  (s: string) => `env:\n- name: P\n  value: >${s}\n`,
  (s: string) => `value: |${s}\n`,
  (s: string) => `value: "${s}\n`,
  (s: string) => `value: '${s}\n`,
  (s: string) => `value: [${s}\n`,
  (s: string) => `value: {${s}\n`,
  (s: string) => `value: a: ${s}\n`,
  (s: string) => `value: @${s}\n`,
  (s: string) => `value: \`${s}\n`,
  (s: string) => `value: !!int ${s}\n`,
  (s: string) => `value: *${s}\n`,
  (s: string) => `\t${s}: 1\n`,
  (s: string) => `${s}: 1\n${s}: 2\n`,
  (s: string) => `value: "\\q${s}"\n`,
  (s: string) => `{"password": "${s}`,
  (s: string) => `{"password": ${s}}}`,
  (s: string) => `{"${s}": 1, "${s}": 2}`,
];

describe('problems name the place, never the content', () => {
  it.each(BROKEN_WITH_SECRET.map((make, i) => ({ i, text: make(SECRET) })))(
    'broken document $i: a problem with a line and column and no secret',
    ({ text }) => {
      const problems = problemsOf(text);
      expect(problems.length).toBeGreaterThan(0);
      for (const problem of problems) {
        expect(problem).toMatch(/ at line \d+, column \d+$/);
        expect(problem).not.toContain('hunter2');
      }
    },
  );

  it('never quotes a secret, whatever it is made of (property)', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9+/=_-]{11,40}$/);
    fc.assert(
      fc.property(secret, fc.constantFrom(...BROKEN_WITH_SECRET), (s, make) => {
        for (const problem of problemsOf(make(s))) expect(problem).not.toContain(s);
      }),
    );
  });

  it('counts the column in characters, from 1, on the line of the problem', () => {
    expect(problemsOf('a: 1\nb: "😀é" c: d\n')).toContain(
      'a mapping inside a single-line value (quote a value that holds ": ") at line 2, column 4',
    );
    expect(problemsOf('a: 1\r\nb: >x\r\n')[0]).toMatch(/at line 2, column 5$/);
    expect(problemsOf('kind: Pod\nmetadata:\n  name: a\n  name: b\n')).toEqual([
      'a key that appears twice in the same mapping at line 4, column 3',
    ]);
  });

  it('says where malformed JSON stops without quoting it', () => {
    const text = `{\n  "password": "${SECRET}",\n  "x": }`;
    let error: unknown;
    try {
      JSON.parse(text);
    } catch (e) {
      error = e;
    }
    expect(String(error)).toContain('JSON'); // V8 may or may not quote; ours never does
    const problem = jsonProblem(error, text);
    expect(problem).not.toContain('hunter2');
    expect(problem).toMatch(/^not valid JSON( at line 3, column 8)?$/);
  });
});

const bomb = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
].join('\n');

describe('documents that cannot be read take nothing else with them', () => {
  it.each([
    {
      name: 'an alias bomb',
      bad: bomb,
      problem: /^its aliases expand to too many values .* at line 3, column 1$/,
    },
    {
      name: 'an unresolved alias',
      bad: 'a: *nowhere',
      problem: /^an alias to an anchor that is not defined/,
    },
    {
      name: 'nesting past the limit',
      bad: `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      problem: /^nested more/,
    },
    { name: 'a template left unrendered', bad: '{{ .Values.name }}: x', problem: /^a key that is a mapping/ },
    {
      name: 'a syntax error',
      bad: 'a: [1,',
      problem: /^a closing quote or bracket is missing|^wrong indentation/,
    },
  ])('$name in the middle of three documents', ({ bad, problem }) => {
    const parsed = parseDocuments(`a: 1\n---\n${bad}\n---\nb: 2\n`, 'f.yaml');
    expect(parsed.documents).toEqual([
      { source: 'f.yaml#1', object: { a: 1 } },
      { source: 'f.yaml#3', object: { b: 2 } },
    ]);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]!.source).toBe('f.yaml#2');
    expect(parsed.errors[0]!.problems[0]).toMatch(problem);
  });

  it(`accepts ${MAX_DEPTH} levels of nesting and refuses one more, in YAML and in JSON`, () => {
    const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
    expect(problemsOf(nested(MAX_DEPTH))).toEqual([]);
    expect(problemsOf(`a: ${nested(MAX_DEPTH - 1)}`)).toEqual([]);
    expect(problemsOf(`a: ${nested(MAX_DEPTH)}`)).toEqual([
      `nested more than ${MAX_DEPTH} levels deep at line 1, column ${MAX_DEPTH + 3}`,
    ]);
    expect(problemsOf(`{"a": ${nested(MAX_DEPTH)}}`)).toEqual([
      `nested more than ${MAX_DEPTH} levels deep at line 1, column 1`,
    ]);
    expect(problemsOf(`${'{"a":'.repeat(1_000_000)}1${'}'.repeat(1_000_000)}`)).toEqual([
      `nested more than ${MAX_DEPTH} levels deep at line 1, column 1`,
    ]);
  });

  it('refuses aliases that nest past the limit though the text does not', () => {
    const half = MAX_DEPTH / 2 + 1;
    const text = `a: &a ${'['.repeat(half)}${']'.repeat(half)}\nb: ${'['.repeat(half)}*a${']'.repeat(half)}\n`;
    expect(problemsOf(text)).toEqual([`nested more than ${MAX_DEPTH} levels deep at line 1, column 1`]);
  });
});

describe('the YAML library says nothing on stderr', () => {
  afterEach(() => vi.restoreAllMocks());

  it('reports a collection key and an unknown tag as the document’s problems, not process warnings', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const parsed = parseDocuments('{{ .Values.name }}: x\n---\nv: !!binary aGVsbG8=\n', 'chart.yaml');
    expect(parsed.errors.map((e) => e.source)).toEqual(['chart.yaml#1', 'chart.yaml#2']);
    // An unknown tag is reported and the value read as its text, as go-yaml does.
    expect(parsed.documents).toEqual([{ source: 'chart.yaml#2', object: { v: 'aGVsbG8=' } }]);
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('parseBytesInSlices', () => {
  it.each([
    { name: 'one YAML document', text: 'kind: PodPreset\nmetadata: {name: a}\n' },
    { name: 'several, one broken', text: 'a: 1\n---\nb: [\n---\nc: 3\n' },
    { name: 'a duplicate key', text: 'a: 1\na: 2\n' },
    { name: 'JSON', text: '{"kind": "PodPreset", "metadata": {"name": "a"}}' },
    { name: 'empty documents', text: '---\n---\na: 1\n' },
    { name: 'nothing', text: '' },
  ])('reads $name as parseBytes does', async ({ text }) => {
    const bytes = Buffer.from(text);
    expect(await parseBytesInSlices(bytes, 'f.yaml', async () => {})).toEqual(parseBytes(bytes, 'f.yaml'));
  });

  it('refuses bytes that are not UTF-8 as parseBytes does', async () => {
    const bytes = Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]);
    const sliced = await parseBytesInSlices(bytes, 'f.yaml', async () => {});
    expect(sliced).toEqual(parseBytes(bytes, 'f.yaml'));
    expect(sliced.errors[0]?.problems[0]).toMatch(/^not valid UTF-8 at line 1, byte offset 3/);
  });

  it('pauses after each YAML document', async () => {
    let pauses = 0;
    const text = Array.from({ length: 5 }, (_, i) => `x: ${i}\n`).join('---\n');
    const parsed = await parseBytesInSlices(Buffer.from(text), 'f.yaml', async () => {
      pauses++;
    });
    expect(parsed.documents.map((d) => d.object)).toEqual([0, 1, 2, 3, 4].map((x) => ({ x })));
    expect(pauses).toBe(5);
  });
});
