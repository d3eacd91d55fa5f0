/**
 * Golden cases: the repository's own (test/cases, see its README) and, when CI points at them
 * with PODPRESET_CONFORMANCE_DIRS (directories separated by ':'), more of the same format from
 * outside the repository. `npm test` alone reads only test/cases.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { PresetCatalog } from '../../src/core/catalog.js';
import { loadPresets, toCatalog } from '../../src/core/load.js';
import type { KubeObject } from '../../src/core/types.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CASES_DIR = join(REPO_ROOT, 'test', 'cases');

type Outcome = 'mutated' | 'unchanged' | 'conflict';

export interface ExpectedConflict {
  presets: string[];
  container?: string;
  field: string;
  key: string;
  resolution?: string;
}

export interface ConformanceVector {
  /** `<directory>/<file>`: unique across directories, and where to look when it fails. */
  file: string;
  name: string;
  origin: string;
  namespace: string;
  presets: unknown[];
  namespaces?: unknown[];
  pod?: KubeObject;
  object?: KubeObject;
  cliOnly?: boolean;
  /** The presets exist only as files: the CRD would refuse them (names over its limit). */
  fromFiles?: boolean;
  expect: {
    outcome: Outcome;
    pod?: KubeObject;
    applied: string[];
    skipped?: string[];
    conflicts?: ExpectedConflict[];
    reason?: string;
    patch?: unknown[];
  };
}

/** extraDirs are the directories CI adds (.ci/run); none under a plain `npm test`. */
function extraDirs(): string[] {
  const value = process.env['PODPRESET_CONFORMANCE_DIRS'] ?? '';
  return value.split(':').filter((dir) => dir !== '');
}

function problemsOf(vector: ConformanceVector): string[] {
  const problems: string[] = [];
  if (typeof vector.name !== 'string') problems.push('no name');
  if (typeof vector.namespace !== 'string') problems.push('no namespace');
  if (!Array.isArray(vector.presets)) problems.push('no presets list');
  if ((vector.pod === undefined) === (vector.object === undefined))
    problems.push('needs exactly one of pod, object');
  const expected = vector.expect as Partial<ConformanceVector['expect']> | undefined;
  if (!expected || !['mutated', 'unchanged', 'conflict'].includes(expected.outcome ?? ''))
    problems.push('expect.outcome must be mutated, unchanged or conflict');
  else {
    if (!Array.isArray(expected.applied)) problems.push('no expect.applied');
    if ((expected.outcome === 'mutated') !== (expected.pod !== undefined))
      problems.push('expect.pod is required for mutated and only for mutated');
  }
  return problems;
}

function readDirectory(dir: string): ConformanceVector[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  // A directory with none is an error, so a suite can never pass on nothing.
  if (files.length === 0) throw new Error(`no cases in ${dir}`);
  return files.map((file) => {
    const vector = {
      ...(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Omit<ConformanceVector, 'file'>),
      file: `${basename(dir)}/${file}`,
    };
    const problems = problemsOf(vector);
    if (problems.length > 0) throw new Error(`${join(dir, file)}: ${problems.join('; ')}`);
    return vector;
  });
}

/** loadVectors reads test/cases and every directory CI adds. */
export function loadVectors(): ConformanceVector[] {
  return [CASES_DIR, ...extraDirs()].flatMap((dir) => readDirectory(resolve(REPO_ROOT, dir)));
}

/** presetDocuments are the case's presets and Namespace objects, in that order. */
export const presetDocuments = (vector: ConformanceVector): unknown[] => [
  ...vector.presets,
  ...(vector.namespaces ?? []),
];

/** catalogOf loads the case's presets into a catalog; a case's presets are all valid. */
export function catalogOf(vector: ConformanceVector): PresetCatalog {
  const loaded = loadPresets(
    presetDocuments(vector).map((object, i) => ({ source: `${vector.file}#${i}`, object })),
  );
  expect(loaded.invalid).toEqual([]);
  return toCatalog(loaded);
}

/** inputOf is the object a case sends: its Pod, or its workload. */
export const inputOf = (vector: ConformanceVector): KubeObject => (vector.pod ?? vector.object)!;

/** expectedObject is what a case's input must become (itself unless mutated). */
export const expectedObject = (vector: ConformanceVector): KubeObject =>
  vector.expect.outcome === 'mutated' ? vector.expect.pod! : inputOf(vector);

/** What every runner (engine, CLI, HTTP) reports for one object, in the preview document's terms. */
export interface ReportedResult {
  outcome: string;
  reason?: string;
  applied: readonly { name: string }[];
  skipped?: readonly { name: string }[];
  conflicts: readonly {
    presets: readonly { name: string }[];
    container?: string;
    field: string;
    key: string;
    resolution?: string;
  }[];
  patch: readonly unknown[];
}

/**
 * checkReported compares a result with the case: outcome, applied and skipped presets, the
 * conflicts (each expected one reported, and no more), the reason and the exact patch when the
 * case pins them. The object itself each runner checks by applying the patch.
 */
export function checkReported(vector: ConformanceVector, result: ReportedResult): void {
  const expected = vector.expect;
  expect(result.outcome).toBe(expected.outcome);
  expect(result.applied.map((a) => a.name)).toEqual(expected.applied);
  expect((result.skipped ?? []).map((s) => s.name)).toEqual(expected.skipped ?? []);
  if (expected.outcome === 'conflict') expect(result.conflicts.length).toBeGreaterThan(0);
  if (expected.conflicts) {
    const reported = result.conflicts.map((c) => ({
      presets: c.presets.map((p) => p.name),
      ...(c.container === undefined ? {} : { container: c.container }),
      field: c.field,
      key: c.key,
      ...(c.resolution === undefined || expected.conflicts!.every((e) => e.resolution === undefined)
        ? {}
        : { resolution: c.resolution }),
    }));
    expect(reported).toEqual(expected.conflicts);
  }
  if (expected.reason !== undefined) expect(result.reason).toContain(expected.reason);
  if (expected.patch !== undefined) checkPatch(result.patch, expected.patch);
}

const where = (op: unknown): string => {
  const { op: name, path } = op as { op?: string; path?: string };
  return `${path} ${name}`;
};
const sorted = (patch: readonly unknown[]): unknown[] =>
  [...patch].sort((a, b) => where(a).localeCompare(where(b)));

/** checkPatch compares patches as sets: operations on different paths may come in any order. */
export function checkPatch(actual: readonly unknown[], expected: readonly unknown[]): void {
  expect(sorted(actual)).toEqual(sorted(expected));
}
