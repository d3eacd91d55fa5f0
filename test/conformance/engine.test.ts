/**
 * Every shared conformance vector through the engine, as the webhook (mutatePod) and as preview
 * (previewObject) call it. The result is checked against the vector, against the upstream schema
 * of its kind, and for idempotency.
 */
import { describe, expect, it } from 'vitest';
import { mutatePod } from '../../src/admission/mutate-pod.js';
import type { AdmissionRequest } from '../../src/admission/review.js';
import { loadPresets, toCatalog } from '../../src/core/load.js';
import { previewObject } from '../../src/core/preview.js';
import { applyPatch } from '../helpers/builders.js';
import { loadVectors, type ConformanceVector } from '../helpers/conformance.js';
import { kubeSchemaProblems } from '../helpers/kube-schema.js';

const vectors = loadVectors();

function catalogFor(vector: ConformanceVector) {
  const documents = [...vector.presets, ...(vector.namespaces ?? [])].map((object, i) => ({
    source: `${vector.file}#${i}`,
    object,
  }));
  const loaded = loadPresets(documents);
  expect(loaded.invalid).toEqual([]);
  return toCatalog(loaded);
}

const podCreate = (namespace: string, object: unknown): AdmissionRequest => ({
  uid: 'c0ffee',
  operation: 'CREATE',
  resource: { group: '', version: 'v1', resource: 'pods' },
  namespace,
  object,
});

const expected = (vector: ConformanceVector) =>
  vector.expect.outcome === 'mutated' ? vector.expect.pod : (vector.pod ?? vector.object);

describe.each(vectors.map((v) => [v.name, v] as const))('conformance %s', (_name, vector) => {
  const input = vector.pod ?? vector.object!;

  it('previewObject gives the expected outcome, applied presets and object', () => {
    const result = previewObject(structuredClone(input), vector.namespace, catalogFor(vector));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.outcome).toBe(vector.expect.outcome);
    expect(result.value.applied.map((a) => a.name)).toEqual(vector.expect.applied);
    expect(result.value.object).toEqual(expected(vector));
    expect(applyPatch(input, result.value.patch)).toEqual(expected(vector));
    if (vector.expect.outcome === 'conflict') expect(result.value.conflicts.length).toBeGreaterThan(0);
    expect(kubeSchemaProblems(result.value.object)).toEqual([]);
  });
});

// Workload vectors are previewed, not admitted; cliOnly vectors run through the preview only.
const admitted = vectors.filter((v) => v.pod !== undefined && !v.cliOnly);

describe.each(admitted.map((v) => [v.name, v] as const))(
  'conformance %s through mutatePod',
  (_name, vector) => {
    it('answers with a patch that gives the expected Pod, and none on reinvocation', () => {
      const catalog = catalogFor(vector);
      const { response, evaluation } = mutatePod(podCreate(vector.namespace, vector.pod), catalog);
      expect(response.uid).toBe('c0ffee');
      expect(response.allowed).toBe(true);
      const patch: unknown[] = response.patch
        ? (JSON.parse(Buffer.from(response.patch, 'base64').toString('utf8')) as unknown[])
        : [];
      expect(response.patchType).toBe(patch.length ? 'JSONPatch' : undefined);
      const output = applyPatch(vector.pod, patch);
      expect(output).toEqual(expected(vector));
      expect(evaluation.applied.map((a) => a.name)).toEqual(vector.expect.applied);
      expect(response.warnings?.length ?? 0).toBe(
        vector.expect.outcome === 'conflict' ? evaluation.conflicts.length : 0,
      );

      const again = mutatePod(podCreate(vector.namespace, output), catalog);
      expect(again.response.patch).toBeUndefined();
    });
  },
);

it('runs every vector (the directory is not empty)', () => {
  expect(vectors.length).toBeGreaterThanOrEqual(13);
  expect(admitted.length).toBeGreaterThan(0);
});
