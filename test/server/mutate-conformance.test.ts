/**
 * Every golden case (test/cases, and what CI adds) through POST /mutate over real HTTPS: the patch
 * is decoded and applied to the Pod that was sent, the result compared, then sent again
 * (reinvocation): no patch. Every case also goes through POST /preview; workload and cliOnly cases
 * are not admission requests and go through POST /preview only.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadPresets, toCatalog } from '../../src/core/load.js';
import type { KubeObject } from '../../src/core/types.js';
import { StaticPresetSource } from '../../src/presets/static-source.js';
import { aReview, decodePatch, type ReviewAnswer, uidOf } from '../helpers/admission.js';
import { applyPatch } from '../helpers/builders.js';
import {
  catalogOf,
  checkPatch,
  checkReported,
  expectedObject,
  inputOf,
  loadVectors,
  type ConformanceVector,
  type ReportedResult,
} from '../helpers/conformance.js';
import { postJson, send } from '../helpers/https-client.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const vectors = loadVectors();
const admitted = vectors.filter((v) => v.pod && !v.cliOnly);

const source = new StaticPresetSource(toCatalog(loadPresets([])));
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ presets: source });
});
afterAll(() => server.close());

function useVector(vector: ConformanceVector): void {
  source.catalog = catalogOf(vector);
}

async function mutate(pod: KubeObject, options: Parameters<typeof aReview>[1]): Promise<ReviewAnswer> {
  const review = aReview(pod, options);
  const answer = await postJson(server, '/mutate', review);
  expect(answer.status).toBe(200);
  const body = answer.json<ReviewAnswer>();
  expect(body.response.uid).toBe(uidOf(review));
  expect(body.response.allowed).toBe(true);
  return body;
}

describe.each(admitted)('POST /mutate: $file', (vector) => {
  beforeEach(() => useVector(vector));
  const pod = vector.pod!;
  const expected = expectedObject(vector);

  it('answers a patch that turns the sent Pod into the expected one, and no patch the second time', async () => {
    const first = await mutate(pod, { namespace: vector.namespace });
    expect(first.apiVersion).toBe('admission.k8s.io/v1');
    expect(first.kind).toBe('AdmissionReview');
    const patch = decodePatch(first.response);
    if (vector.expect.outcome === 'mutated') expect(patch.length).toBeGreaterThan(0);
    else expect(first.response.patch).toBeUndefined();
    const result = applyPatch(pod, patch);
    expect(result).toEqual(expected);
    if (vector.expect.patch) checkPatch(patch, vector.expect.patch);
    // One warning per conflict, resolved or not (docs/SPEC.md §3, §8.3); none without conflicts.
    const conflicts = vector.expect.conflicts?.length ?? (vector.expect.outcome === 'conflict' ? 1 : 0);
    // A case that does not list its conflicts may have ones SkipPreset or KeepExisting resolved.
    const mayResolve = vector.expect.conflicts === undefined && resolvesConflicts(vector);
    if (conflicts === 0 && !mayResolve) expect(first.response.warnings).toBeUndefined();
    else if (vector.expect.conflicts) expect(first.response.warnings).toHaveLength(conflicts);
    else expect(first.response.warnings?.length).toBeGreaterThan(0);
    for (const warning of first.response.warnings ?? [])
      expect(warning).toMatch(/^podpreset: .*conflicts with/);

    const again = await mutate(result, { namespace: vector.namespace });
    expect(again.response.patch).toBeUndefined();
    expect(again.response.patchType).toBeUndefined();
  });

  it('answers v1beta1 in kind, dryRun the same, and uses request.namespace when the Pod has none', async () => {
    const first = await mutate(pod, { namespace: vector.namespace });
    const beta = await mutate(pod, { namespace: vector.namespace, apiVersion: 'admission.k8s.io/v1beta1' });
    expect(beta.apiVersion).toBe('admission.k8s.io/v1beta1');
    expect(decodePatch(beta.response)).toEqual(decodePatch(first.response));

    const dryRun = await mutate(pod, { namespace: vector.namespace, dryRun: true });
    expect(decodePatch(dryRun.response)).toEqual(decodePatch(first.response));
    expect(dryRun.response.warnings).toEqual(first.response.warnings);

    const { namespace: _dropped, ...metadata } = pod.metadata ?? {};
    const withoutNamespace = { ...pod, metadata };
    const bare = await mutate(withoutNamespace, { namespace: vector.namespace });
    const expectedBare = structuredClone(expected) as KubeObject;
    if (expectedBare.metadata) delete expectedBare.metadata.namespace;
    expect(applyPatch(withoutNamespace, decodePatch(bare.response))).toEqual(expectedBare);
  });
});

describe.each(vectors)('POST /preview: $file', (vector) => {
  beforeEach(() => useVector(vector));
  it('answers the expected result and object', async () => {
    const object = inputOf(vector);
    const answer = await send(server, {
      method: 'POST',
      path: `/preview?namespace=${vector.namespace}`,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(object),
    });
    expect(answer.status).toBe(200);
    const [result] = answer.json<{ results: (ReportedResult & { object: unknown })[] }>().results;
    checkReported(vector, result!);
    expect(result!.object).toEqual(expectedObject(vector));
    expect(applyPatch(object, result!.patch)).toEqual(expectedObject(vector));
  });
});

describe('POST /mutate leaves alone what is not a Pod CREATE', () => {
  const vector = admitted.find((v) => v.expect.outcome === 'mutated')!;
  beforeEach(() => useVector(vector));

  it.each([
    { name: 'UPDATE', options: { operation: 'UPDATE' } },
    { name: 'DELETE', options: { operation: 'DELETE' } },
    { name: 'a subresource', options: { subResource: 'status' } },
    { name: 'another resource', options: { resource: 'deployments', group: 'apps', kind: 'Deployment' } },
  ])('$name is allowed untouched', async ({ options }) => {
    const answer = await mutate(vector.pod!, { namespace: vector.namespace, ...options });
    expect(answer.response).toEqual({ uid: answer.response.uid, allowed: true });
  });

  it('the same Pod as a CREATE is mutated (the cases above are not vacuous)', async () => {
    const answer = await mutate(vector.pod!, { namespace: vector.namespace });
    expect(decodePatch(answer.response).length).toBeGreaterThan(0);
  });
});

/** resolvesConflicts tells whether a case has a preset whose conflicts do not abort (docs/SPEC.md §8.3). */
function resolvesConflicts(vector: ConformanceVector): boolean {
  return vector.presets.some((preset) => {
    const spec = (preset as { spec?: { conflictPolicy?: string } }).spec;
    return spec?.conflictPolicy !== undefined && spec.conflictPolicy !== 'Abort';
  });
}
