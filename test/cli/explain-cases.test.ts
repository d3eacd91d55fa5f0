/**
 * The golden explain and lint cases of test/explain-cases, through the built CLI and, for
 * explain, POST /explain over HTTPS: both must give the same document, and it must say what
 * the case expects.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { ExplainResult } from '../../src/core/explain.js';
import type { Finding } from '../../src/core/lint.js';
import { loadPresets, toCatalog } from '../../src/core/load.js';
import type { PresetCatalog } from '../../src/core/catalog.js';
import type { JsonObject } from '../../src/core/types.js';
import { runBuilt } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/conformance.js';
import { send } from '../helpers/https-client.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { StaticPresetSource } from '../../src/presets/static-source.js';

const CASES = join(REPO_ROOT, 'test', 'explain-cases');
const load = <T>(dir: string): Array<[string, T]> =>
  readdirSync(join(CASES, dir))
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(CASES, dir, f), 'utf8')) as T]);

interface ExpectedPreset {
  kind: string;
  namespace?: string;
  name: string;
  matched: boolean;
  reason: string[];
  annotation?: unknown;
  items?: unknown[];
}
interface ExplainCase {
  presets: JsonObject[];
  object: JsonObject;
  namespace?: string;
  expect: { outcome: string; presets: ExpectedPreset[] };
}
interface LintCase {
  presets: JsonObject[];
  args: string[];
  expect: { exitCode: number; findings: Array<Partial<Finding> & { presets?: string[] }> };
}

let dir: string;
let server: TestServer;
const source = new StaticPresetSource(toCatalog({ presets: [], namespaces: new Map() }));
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'explain-cases-'));
  server = await startTestServer({ presets: source });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function writeCase(
  name: string,
  presets: JsonObject[],
  object?: JsonObject,
): { presets: string; object: string } {
  const files = { presets: join(dir, `${name}-presets.yaml`), object: join(dir, `${name}-object.yaml`) };
  writeFileSync(files.presets, presets.map((p) => stringify(p, { version: '1.1' })).join('---\n'));
  if (object) writeFileSync(files.object, stringify(object, { version: '1.1' }));
  return files;
}

function catalogOf(presets: JsonObject[]): PresetCatalog {
  const loaded = loadPresets(presets.map((object, i) => ({ source: `case#${i}`, object })));
  expect(loaded.invalid).toEqual([]);
  return toCatalog(loaded);
}

const refName = (ref: { kind: string; namespace?: string; name: string }): string =>
  `${ref.kind} ${ref.namespace === undefined ? '' : `${ref.namespace}/`}${ref.name}`;

describe.each(load<ExplainCase>('explain'))('explain case %s', (name, testCase) => {
  it('the CLI and POST /explain give the same document, as the case expects', async () => {
    const files = writeCase(name, testCase.presets, testCase.object);
    const namespaceArgs = testCase.namespace ? ['--namespace', testCase.namespace] : [];
    const cli = await runBuilt([
      'explain',
      '-f',
      files.object,
      '--presets',
      files.presets,
      '-o',
      'json',
      ...namespaceArgs,
    ]);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    const document = JSON.parse(cli.stdout) as { results: ExplainResult[] };

    source.catalog = catalogOf(testCase.presets);
    const query = testCase.namespace ? `?namespace=${testCase.namespace}` : '';
    const answer = await send(server, {
      method: 'POST',
      path: `/explain${query}`,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(testCase.object),
    });
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual(document);

    const [result] = document.results;
    expect(document.results).toHaveLength(1);
    expect(result!.outcome).toBe(testCase.expect.outcome);
    expect(result!.presets.map((p) => [refName(p), p.matched])).toEqual(
      testCase.expect.presets.map((p) => [refName(p), p.matched]),
    );
    testCase.expect.presets.forEach((expected, i) => {
      const actual = result!.presets[i]!;
      for (const phrase of expected.reason) expect(actual.reason).toContain(phrase);
      expect(actual.annotation).toEqual(expected.annotation);
      if (expected.items) expect(actual.items).toEqual(expected.items);
    });

    const text = await runBuilt([
      'explain',
      '-f',
      files.object,
      '--presets',
      files.presets,
      ...namespaceArgs,
    ]);
    expect(text.code).toBe(0);
    for (const preset of result!.presets) expect(text.stdout).toContain(preset.reason);
  });
});

describe.each(load<LintCase>('lint'))('lint case %s', (name, testCase) => {
  it('finds what the case expects, with its exit code', async () => {
    const files = writeCase(name, testCase.presets);
    const run = await runBuilt(['lint', '--presets', files.presets, '-o', 'json', ...testCase.args]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(testCase.expect.exitCode);
    const { findings } = JSON.parse(run.stdout) as { findings: Finding[] };
    expect(findings).toHaveLength(testCase.expect.findings.length);
    testCase.expect.findings.forEach((expected, i) => {
      const actual = findings[i]!;
      expect(actual.severity).toBe(expected.severity);
      expect(actual.kind).toBe(expected.kind);
      expect(actual.message).toMatch(/\S/);
      if (expected.presets) expect(actual.presets?.map(refName)).toEqual(expected.presets);
      for (const member of ['field', 'key', 'container', 'labels'] as const)
        if (expected[member] !== undefined) expect(actual[member]).toEqual(expected[member]);
    });
  });
});
