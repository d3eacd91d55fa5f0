/**
 * Properties of the §8 engine (docs/SPEC.md §8) over generated presets and Pods: container targeting,
 * added containers, tolerations, nodeSelector, imagePullSecrets and the three conflict policies.
 * Small alphabets make name collisions (represented items and conflicts) common.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PresetCatalog } from '../../src/core/catalog.js';
import { evaluate } from '../../src/core/evaluate.js';
import { parsePreset } from '../../src/core/preset.js';
import type { JsonObject, KubeObject } from '../../src/core/types.js';
import { applyPatch } from '../helpers/builders.js';

const POLICIES = ['Abort', 'SkipPreset', 'KeepExisting'] as const;
const env = fc.record({ name: fc.constantFrom('A', 'B', 'C'), value: fc.constantFrom('1', '2') });
const sidecar = fc.record({
  name: fc.constantFrom('tail', 'proxy', 'app'),
  image: fc.constantFrom('busybox', 'busybox:1.36.1', 'envoy@sha256:0123'),
  args: fc.constantFrom(undefined, ['run'], ['run', '--fast']),
  resources: fc.constantFrom(undefined, { limits: { cpu: '0.5' } }, { requests: { memory: '64Mi' } }),
});
const toleration = fc.record(
  {
    key: fc.constantFrom('gpu', 'dedicated'),
    operator: fc.constantFrom('Equal', 'Exists'),
    effect: fc.constantFrom('NoSchedule', 'NoExecute'),
  },
  { requiredKeys: ['key', 'effect'] },
);

const uniqueBy = <T>(items: T[], key: (item: T) => string): T[] => {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(key(item)) && seen.add(key(item)) !== undefined);
};
const clean = (object: Record<string, unknown>): JsonObject =>
  Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));

const presetObject = fc
  .record({
    name: fc.constantFrom('alpha', 'beta', 'gamma', 'delta'),
    policy: fc.constantFrom(undefined, ...POLICIES),
    names: fc.constantFrom(undefined, ['app'], ['a*'], ['*']),
    excludeNames: fc.constantFrom(undefined, ['web']),
    initTargets: fc.constantFrom(undefined, false),
    env: fc.array(env, { maxLength: 2 }),
    initContainers: fc.array(sidecar, { maxLength: 1 }),
    containers: fc.array(sidecar, { maxLength: 1 }),
    tolerations: fc.array(toleration, { maxLength: 2 }),
    nodeSelector: fc.constantFrom(undefined, { pool: 'gpu' }, { pool: 'cpu', os: 'linux' }),
    imagePullSecrets: fc.constantFrom(undefined, [{ name: 'regcred' }], [{ name: 'mirror' }]),
  })
  .map((p) => {
    const containers = uniqueBy([...p.initContainers, ...p.containers].map(clean), (c) => String(c['name']));
    const initContainers = containers.slice(0, p.initContainers.length ? 1 : 0);
    const spec: JsonObject = clean({
      conflictPolicy: p.policy,
      containerSelector:
        p.names || p.excludeNames || p.initTargets === false
          ? clean({ names: p.names, excludeNames: p.excludeNames, initContainers: p.initTargets })
          : undefined,
      // At least one injectable item, as validation requires.
      env: p.env.length ? uniqueBy(p.env, (e) => e.name) : [{ name: 'A', value: '1' }],
      initContainers,
      containers: containers.slice(initContainers.length),
      tolerations: p.tolerations.map(clean),
      nodeSelector: p.nodeSelector,
      imagePullSecrets: p.imagePullSecrets,
    });
    return {
      apiVersion: 'podpreset.dev/v1alpha1',
      kind: 'PodPreset',
      metadata: { name: p.name, namespace: 'default', resourceVersion: '7' },
      spec,
    };
  });
const presetList = fc.uniqueArray(presetObject, { maxLength: 4, selector: (p) => p.metadata.name });

const podObject: fc.Arbitrary<KubeObject> = fc
  .record({
    web: fc.array(env, { maxLength: 2 }),
    app: fc.array(env, { maxLength: 2 }),
    init: fc.boolean(),
    tail: fc.option(sidecar, { nil: undefined }),
    nodeSelector: fc.constantFrom(undefined, { pool: 'cpu' }),
    tolerations: fc.array(toleration, { maxLength: 1 }),
  })
  .map((p) => {
    const containers: JsonObject[] = [
      clean({ name: 'web', image: 'web:1', env: p.web.length ? uniqueBy(p.web, (e) => e.name) : undefined }),
      clean({ name: 'app', image: 'app:1', env: p.app.length ? uniqueBy(p.app, (e) => e.name) : undefined }),
    ];
    if (p.tail) containers.push(clean({ ...p.tail, name: 'tail' }));
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { generateName: 'web-', labels: { app: 'web' } },
      spec: clean({
        initContainers: p.init ? [{ name: 'migrate', image: 'app:1' }] : undefined,
        containers,
        nodeSelector: p.nodeSelector,
        tolerations: p.tolerations.length ? p.tolerations.map(clean) : undefined,
      }),
    };
  });

function catalogOf(presets: readonly unknown[]): PresetCatalog {
  const catalog = new PresetCatalog();
  for (const object of presets) {
    const parsed = parsePreset(object);
    if (!parsed.ok) throw new Error(parsed.error.join('; '));
    catalog.upsert(parsed.value);
  }
  return catalog;
}

const run = (pod: KubeObject, presets: readonly unknown[]) =>
  evaluate(pod, '', 'default', catalogOf(presets));

/** What the API server and its neighbours do to a stored Pod: defaulting, a LimitRange, a later webhook. */
function afterApiServer(pod: KubeObject): KubeObject {
  const out = structuredClone(pod) as KubeObject & {
    spec: { containers: JsonObject[]; initContainers?: JsonObject[] };
  };
  for (const container of [...(out.spec.initContainers ?? []), ...out.spec.containers]) {
    const image = String(container['image']);
    const tagged = /:[^/]+$/.test(image.split('@')[0]!) && !image.split('@')[0]!.endsWith(':latest');
    container['imagePullPolicy'] ??= tagged || image.includes('@') ? 'IfNotPresent' : 'Always';
    container['terminationMessagePath'] ??= '/dev/termination-log';
    container['terminationMessagePolicy'] ??= 'File';
    const resources = (container['resources'] ??= {}) as { limits?: JsonObject; requests?: JsonObject };
    if (resources.limits?.['cpu'] === '0.5') resources.limits['cpu'] = '500m';
    if (resources.limits) resources.requests = { ...resources.limits, ...resources.requests };
    // A LimitRange fills memory in; a later webhook mounts its own volume into every container.
    resources.limits = { memory: '128Mi', ...resources.limits };
    resources.requests = { memory: '64Mi', ...resources.requests };
    const mounts = (container['volumeMounts'] as JsonObject[] | undefined) ?? [];
    if (!mounts.some((m) => m['name'] === 'istio-envoy'))
      container['volumeMounts'] = [...mounts, { name: 'istio-envoy', mountPath: '/etc/istio/proxy' }];
  }
  return out;
}

describe('docs/SPEC.md §8 engine properties', () => {
  it('never modifies its inputs', () => {
    fc.assert(
      fc.property(podObject, presetList, (pod, presets) => {
        const before = structuredClone({ pod, presets });
        run(pod, presets);
        expect({ pod, presets }).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent, also after API-server defaulting, a LimitRange and a later webhook touched the Pod', () => {
    fc.assert(
      fc.property(podObject, presetList, (created, presets) => {
        // The API server defaults a Pod and runs the LimitRanger before any webhook sees it.
        const pod = afterApiServer(created);
        const first = run(pod, presets);
        const output = applyPatch(pod, first.patch);
        // Two presets bringing one container name are compared as written; a LimitRange that later
        // fills in what one of them sets can change that comparison (docs/fields.md says so).
        const names = presets
          .flatMap((p) => [
            ...((p.spec['initContainers'] as JsonObject[] | undefined) ?? []),
            ...((p.spec['containers'] as JsonObject[] | undefined) ?? []),
          ])
          .map((c) => c['name']);
        const shared = new Set(names).size < names.length;
        for (const again of shared ? [output] : [output, afterApiServer(output)]) {
          const second = run(again, presets);
          expect(second.patch).toEqual([]);
          expect(second.outcome).toBe(first.outcome === 'conflict' ? 'conflict' : 'unchanged');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order presets are listed in (they are ordered by name)', () => {
    fc.assert(
      fc.property(podObject, presetList, (pod, presets) => {
        // `matched` holds compiled presets, whose matchers are closures: compare the rest.
        const { matched: reversed, ...result } = run(pod, [...presets].reverse());
        const { matched, ...expected } = run(pod, presets);
        expect(result).toEqual(expected);
        expect(reversed.map((p) => p.label)).toEqual(matched.map((p) => p.label));
      }),
      { numRuns: 200 },
    );
  });

  it('with every preset Abort gives the all-or-nothing result of §2, explicit Abort the same as none', () => {
    fc.assert(
      fc.property(podObject, presetList, (pod, presets) => {
        const implicit = presets.map((p) => ({ ...p, spec: { ...p.spec, conflictPolicy: undefined } }));
        const explicit = presets.map((p) => ({ ...p, spec: { ...p.spec, conflictPolicy: 'Abort' } }));
        const result = run(pod, implicit);
        const { matched: _m, ...same } = result;
        const { matched: _e, ...other } = run(pod, explicit);
        expect({ ...other, reason: '' }).toEqual({ ...same, reason: '' });
        expect(result.skipped).toEqual([]);
        if (result.conflicts.length > 0) {
          expect(result.outcome).toBe('conflict');
          expect(result.patch).toEqual([]);
          expect(result.conflicts.every((c) => c.resolution === 'abort')).toBe(true);
        } else if (result.outcome === 'mutated') {
          expect(result.applied.map((a) => a.name)).toEqual(result.matched.map((m) => m.name));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives added containers no preset items, and puts added init containers before the Pod own', () => {
    fc.assert(
      fc.property(podObject, presetList, (pod, presets) => {
        const result = run(pod, presets);
        if (result.outcome !== 'mutated') return;
        const out = applyPatch(pod, result.patch) as KubeObject & { spec: { initContainers?: JsonObject[] } };
        const inits = out.spec.initContainers ?? [];
        const own = inits.findIndex((c) => c['name'] === 'migrate');
        if (own >= 0) expect(inits.slice(own).map((c) => c['name'])).toEqual(['migrate']);
        const added = new Set(
          presets
            .flatMap((p) => [
              ...((p.spec['initContainers'] as JsonObject[] | undefined) ?? []),
              ...((p.spec['containers'] as JsonObject[] | undefined) ?? []),
            ])
            .map((c) => c['name']),
        );
        for (const container of [...inits, ...(out.spec as { containers: JsonObject[] }).containers]) {
          if (!added.has(container['name'])) continue;
          const before = [
            ...(pod.spec as { containers: JsonObject[] }).containers,
            ...((pod.spec as { initContainers?: JsonObject[] }).initContainers ?? []),
          ].find((c) => c['name'] === container['name']);
          expect(container['env']).toEqual(before?.['env']);
        }
      }),
      { numRuns: 300 },
    );
  });
});
