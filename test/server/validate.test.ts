/** POST /validate over HTTPS: valid presets allowed, each kind of invalid preset denied with a message that says what to fix. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/core/types.js';
import { aReview, type ReviewAnswer, uidOf } from '../helpers/admission.js';
import { aPreset } from '../helpers/builders.js';
import { postJson } from '../helpers/https-client.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const ENV = [{ name: 'LOG_FORMAT', value: 'json' }];
const presetReview = (preset: JsonObject, options: Parameters<typeof aReview>[1] = {}) =>
  aReview(preset, {
    group: 'podpreset.dev',
    kind: String(preset['kind']),
    resource: preset['kind'] === 'ClusterPodPreset' ? 'clusterpodpresets' : 'podpresets',
    ...options,
  });

async function validate(review: Record<string, unknown>): Promise<ReviewAnswer> {
  const answer = await postJson(server, '/validate', review);
  expect(answer.status).toBe(200);
  const body = answer.json<ReviewAnswer>();
  expect(body.response.uid).toBe(uidOf(review));
  return body;
}

describe('valid presets are allowed', () => {
  it.each([
    { name: 'a PodPreset with env', preset: aPreset('logging', { selector: {}, env: ENV }) },
    {
      name: 'a ClusterPodPreset with a namespaceSelector',
      preset: aPreset(
        'proxy',
        { namespaceSelector: { matchLabels: { env: 'prod' } }, env: ENV },
        { kind: 'ClusterPodPreset' },
      ),
    },
    {
      name: 'volumes with their mounts',
      preset: aPreset('ca', {
        selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend'] }] },
        volumes: [{ name: 'ca', configMap: { name: 'ca' } }],
        volumeMounts: [{ name: 'ca', mountPath: '/etc/ca' }],
      }),
    },
    { name: 'a 53-character PodPreset name', preset: aPreset('p'.repeat(53), { env: ENV }) },
    {
      name: 'a 46-character ClusterPodPreset name',
      preset: aPreset('c'.repeat(46), { env: ENV }, { kind: 'ClusterPodPreset' }),
    },
  ])('$name', async ({ preset }) => {
    const answer = await validate(presetReview(preset));
    expect(answer.response).toEqual({ uid: answer.response.uid, allowed: true });
    expect(answer.apiVersion).toBe('admission.k8s.io/v1');
  });

  it('a PodPreset without metadata.namespace takes request.namespace', async () => {
    const preset = aPreset('logging', { env: ENV });
    delete (preset['metadata'] as JsonObject)['namespace'];
    expect((await validate(presetReview(preset, { namespace: 'shop' }))).response.allowed).toBe(true);
  });
});

describe('invalid presets are denied with an actionable message', () => {
  it.each([
    {
      name: 'unknown selector operator',
      spec: { selector: { matchExpressions: [{ key: 'a', operator: 'Equals', values: ['b'] }] }, env: ENV },
      message: 'spec.selector.matchExpressions[0].operator: unsupported operator "Equals"',
    },
    {
      name: 'In without values',
      spec: { selector: { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, env: ENV },
      message: 'spec.selector.matchExpressions[0].values: must be non-empty when operator is In',
    },
    {
      name: 'Exists with values',
      spec: { selector: { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['b'] }] }, env: ENV },
      message: 'spec.selector.matchExpressions[0].values: must be empty when operator is Exists',
    },
    {
      name: 'no injection fields',
      spec: { selector: {} },
      message:
        'spec: must set at least one of env, envFrom, volumes, volumeMounts, initContainers, containers, tolerations, nodeSelector or imagePullSecrets',
    },
    {
      name: 'unknown field in env',
      spec: { env: [{ name: 'A', value: '1', valu: '2' }] },
      message: 'spec.env[0].valu: unknown field',
    },
    {
      name: 'unknown volume source',
      spec: { volumes: [{ name: 'v', nfsv5: {} }] },
      message: 'nfsv5: unknown field (not a volume source)',
    },
    {
      name: 'a value of the wrong type deep in an item',
      spec: { volumes: [{ name: 'v', configMap: { name: 5 } }] },
      message: 'spec.volumes[0].configMap.name: must be a string',
    },
    {
      name: 'a mount without a volume of the preset',
      spec: { volumeMounts: [{ name: 'elsewhere', mountPath: '/x' }] },
      message: `spec.volumeMounts[0].name: "elsewhere" is not one of this preset's volumes`,
    },
  ])('$name', async ({ spec, message }) => {
    const answer = await validate(presetReview(aPreset('bad', spec)));
    expect(answer.response.allowed).toBe(false);
    expect(answer.response.status?.code).toBe(422);
    expect(answer.response.status?.message).toMatch(/^PodPreset "bad" is invalid: /);
    expect(answer.response.status?.message).toContain(message);
  });

  it.each([
    { kind: 'PodPreset' as const, length: 54, limit: 53 },
    { kind: 'ClusterPodPreset' as const, length: 47, limit: 46 },
  ])('a $length-character $kind name', async ({ kind, length, limit }) => {
    const answer = await validate(presetReview(aPreset('n'.repeat(length), { env: ENV }, { kind })));
    expect(answer.response.allowed).toBe(false);
    expect(answer.response.status?.message).toContain(
      `metadata.name: must be no more than ${limit} characters for a ${kind}`,
    );
  });

  it.each([201, 250, 2500])(
    'a preset nested %i levels deep, as a file holding it would be',
    async (levels) => {
      let deep: unknown = 'x';
      for (let i = 0; i < levels; i++) deep = { a: deep };
      const preset = aPreset('deep', { volumes: [{ name: 'v', ephemeral: {} }] });
      // Put in after aPreset, which copies what it is given by recursion.
      ((preset['spec'] as { volumes: JsonObject[] }).volumes[0]!['ephemeral'] as JsonObject)[
        'volumeClaimTemplate'
      ] = deep as JsonObject;
      const answer = await validate(presetReview(preset));
      expect(answer.response.allowed).toBe(false);
      expect(answer.response.status?.message).toBe(
        'PodPreset "deep" is invalid: nested more than 200 levels deep',
      );
    },
  );

  it('every problem is named, not just the first', async () => {
    const answer = await validate(
      presetReview(
        aPreset('bad', {
          selector: { matchExpressions: [{ key: 'a', operator: 'In' }] },
          volumeMounts: [{ name: 'x', mountPath: '/x' }],
        }),
      ),
    );
    expect(answer.response.status?.message).toMatch(
      /values: must be non-empty.*; .*is not one of this preset's volumes/,
    );
  });

  it('a v1beta1 review is answered in kind', async () => {
    const answer = await validate(
      presetReview(aPreset('bad', { selector: {} }), { apiVersion: 'admission.k8s.io/v1beta1' }),
    );
    expect(answer.apiVersion).toBe('admission.k8s.io/v1beta1');
    expect(answer.response.allowed).toBe(false);
  });
});

describe('what /validate does not judge', () => {
  const invalid = aPreset('bad', { selector: {} });
  it.each([
    { name: 'DELETE', options: { operation: 'DELETE' } },
    { name: 'a status write', options: { operation: 'UPDATE', subResource: 'status' } },
  ])('$name of an invalid preset is allowed', async ({ options }) => {
    expect((await validate(presetReview(invalid, options))).response.allowed).toBe(true);
  });

  it('an UPDATE to an invalid preset is denied', async () => {
    expect((await validate(presetReview(invalid, { operation: 'UPDATE' }))).response.allowed).toBe(false);
  });

  it('other kinds are allowed', async () => {
    expect((await validate(aReview({ apiVersion: 'v1', kind: 'ConfigMap' }))).response.allowed).toBe(true);
  });

  it('decisions are counted by outcome', async () => {
    await server.settled();
    const text = await server.metrics.registry.getSingleMetricAsString('podpreset_admission_requests_total');
    expect(text).toMatch(/endpoint="validate",outcome="denied"\} [1-9]/);
    expect(text).toMatch(/endpoint="validate",outcome="allowed"\} [1-9]/);
  });
});
