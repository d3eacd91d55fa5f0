/**
 * The compiled CLI under plain node, as users run it after `npm ci`: vitest resolves modules its
 * own way (CJS/ESM interop above all), so the shipped program is tested as shipped.
 */
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPatch } from '../helpers/builders.js';
import { BUILT_CLI, runBuilt } from '../helpers/cli.js';
import {
  checkReported,
  expectedObject,
  inputOf,
  loadVectors,
  presetDocuments,
  type ReportedResult,
} from '../helpers/conformance.js';

const vectors = loadVectors();

it('the build output exists and is executable, so `npx podpreset` runs it (npm test builds first)', () => {
  expect(existsSync(BUILT_CLI)).toBe(true);
  expect(statSync(BUILT_CLI).mode & 0o111).not.toBe(0);
});

// Each case is its own process: concurrent, so the suite takes the time of a few, not of all.
describe.concurrent.each(vectors.map((v) => [v.file, v] as const))('built CLI: case %s', (_file, vector) => {
  it('gives the expected result with -o json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'podpreset-case-'));
    const presets = join(dir, 'presets.json');
    const input = join(dir, 'input.json');
    const object = inputOf(vector);
    writeFileSync(
      presets,
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items: presetDocuments(vector) }),
    );
    writeFileSync(input, JSON.stringify(object));

    const args = ['preview', '-f', input, '--presets', presets, '-n', vector.namespace, '-o', 'json'];
    const run = await runBuilt(args);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [result] = (JSON.parse(run.stdout) as { results: (ReportedResult & { object: unknown })[] })
      .results;
    checkReported(vector, result!);
    expect(result!.object).toEqual(expectedObject(vector));
    expect(applyPatch(object, result!.patch)).toEqual(expectedObject(vector));

    // Reinvocation: the output previewed again changes nothing.
    writeFileSync(input, JSON.stringify(result!.object));
    const again = await runBuilt(args);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as { results: ReportedResult[] }).results[0]!.patch).toEqual([]);
  });
});

it('built CLI: exit code 2 and a one-line message for a missing file, no stack trace', async () => {
  const run = await runBuilt(['preview', '-f', 'missing.yaml', '--presets', 'examples/presets']);
  expect(run.code).toBe(2);
  expect(run.stderr).toBe('podpreset: missing.yaml: no such file or directory\n');
});

it('built CLI: an unknown command exits 2 with usage', async () => {
  const run = await runBuilt(['frobnicate']);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('unknown command "frobnicate"');
});
