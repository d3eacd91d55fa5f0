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
import { loadVectors } from '../helpers/conformance.js';

const vectors = loadVectors();

it('the build output exists and is executable, so `npx podpreset` runs it (npm test builds first)', () => {
  expect(existsSync(BUILT_CLI)).toBe(true);
  expect(statSync(BUILT_CLI).mode & 0o111).not.toBe(0);
});

describe.each(vectors.map((v) => [v.name, v] as const))('built CLI: conformance %s', (_name, vector) => {
  it('gives the expected result with -o json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'podpreset-vector-'));
    const presets = join(dir, 'presets.json');
    const input = join(dir, 'input.json');
    const object = vector.pod ?? vector.object!;
    writeFileSync(
      presets,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [...vector.presets, ...(vector.namespaces ?? [])],
      }),
    );
    writeFileSync(input, JSON.stringify(object));

    const run = await runBuilt([
      'preview',
      '-f',
      input,
      '--presets',
      presets,
      '-n',
      vector.namespace,
      '-o',
      'json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [result] = (
      JSON.parse(run.stdout) as {
        results: { outcome: string; applied: { name: string }[]; patch: unknown[]; object: unknown }[];
      }
    ).results;
    expect(result!.outcome).toBe(vector.expect.outcome);
    expect(result!.applied.map((a) => a.name)).toEqual(vector.expect.applied);
    const expected = vector.expect.outcome === 'mutated' ? vector.expect.pod : object;
    expect(result!.object).toEqual(expected);
    expect(applyPatch(object, result!.patch)).toEqual(expected);
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
