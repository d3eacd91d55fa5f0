/**
 * Every golden case (test/cases, and what CI adds) through the engine, as the webhook (mutatePod)
 * and as preview (previewObject) call it. The result is checked against the case, against the
 * upstream schema of its kind, and for idempotency.
 */
import { describe, expect, it } from 'vitest';
import { mutatePod } from '../../src/admission/mutate-pod.js';
import type { AdmissionRequest } from '../../src/admission/review.js';
import { previewObject } from '../../src/core/preview.js';
import { applyPatch } from '../helpers/builders.js';
import { catalogOf, checkReported, expectedObject, inputOf, loadVectors } from '../helpers/conformance.js';
import { kubeSchemaProblems } from '../helpers/kube-schema.js';

const vectors = loadVectors();

const podCreate = (namespace: string, object: unknown): AdmissionRequest => ({
  uid: 'c0ffee',
  operation: 'CREATE',
  resource: { group: '', version: 'v1', resource: 'pods' },
  namespace,
  object,
});

describe.each(vectors.map((v) => [v.file, v] as const))('case %s', (_file, vector) => {
  const input = inputOf(vector);

  it('previewObject gives the expected outcome, presets, conflicts and object', () => {
    const catalog = catalogOf(vector);
    const result = previewObject(structuredClone(input), vector.namespace, catalog);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    checkReported(vector, result.value);
    expect(result.value.object).toEqual(expectedObject(vector));
    expect(applyPatch(input, result.value.patch)).toEqual(expectedObject(vector));
    expect(kubeSchemaProblems(result.value.object)).toEqual([]);

    const again = previewObject(structuredClone(result.value.object), vector.namespace, catalog);
    expect(again.ok && again.value.patch).toEqual([]);
  });
});

// Workload cases are previewed, not admitted; cliOnly cases run through the preview only.
const admitted = vectors.filter((v) => v.pod !== undefined && !v.cliOnly);

describe.each(admitted.map((v) => [v.file, v] as const))('case %s through mutatePod', (_file, vector) => {
  it('answers with a patch that gives the expected Pod, and none on reinvocation', () => {
    const catalog = catalogOf(vector);
    const { response, evaluation } = mutatePod(podCreate(vector.namespace, vector.pod), catalog);
    expect(response.uid).toBe('c0ffee');
    expect(response.allowed).toBe(true);
    const patch: unknown[] = response.patch
      ? (JSON.parse(Buffer.from(response.patch, 'base64').toString('utf8')) as unknown[])
      : [];
    expect(response.patchType).toBe(patch.length ? 'JSONPatch' : undefined);
    checkReported(vector, { ...evaluation, patch });
    expect(applyPatch(vector.pod, patch)).toEqual(expectedObject(vector));
    expect(response.warnings?.length ?? 0).toBe(evaluation.conflicts.length);

    const again = mutatePod(podCreate(vector.namespace, expectedObject(vector)), catalog);
    expect(again.response.patch).toBeUndefined();
  });
});

it('runs the repository cases (the directory is not empty)', () => {
  expect(vectors.filter((v) => v.file.startsWith('cases/')).length).toBeGreaterThanOrEqual(30);
  expect(admitted.length).toBeGreaterThan(0);
});
