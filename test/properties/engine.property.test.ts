/**
 * Properties of the engine over generated pods and presets. Small alphabets of names and values
 * make collisions (duplicates and conflicts) common, which is where the rules bite.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PresetCatalog } from '../../src/core/catalog.js';
import { evaluate } from '../../src/core/evaluate.js';
import { semanticEqual } from '../../src/core/fields/index.js';
import type { ItemField } from '../../src/core/fields/index.js';
import { parsePreset } from '../../src/core/preset.js';
import type { JsonObject, KubeObject } from '../../src/core/types.js';
import { applyPatch } from '../helpers/builders.js';

const envVar = fc.oneof(
  fc.record({ name: fc.constantFrom('A', 'B', 'C', 'D'), value: fc.constantFrom('1', '2') }),
  fc.record({
    name: fc.constantFrom('POD', 'A'),
    valueFrom: fc.constant({ fieldRef: { fieldPath: 'metadata.name' } }),
  }),
);
const volume = fc.oneof(
  fc.record({ name: fc.constantFrom('v1', 'v2', 'v3'), emptyDir: fc.constant({}) }),
  fc.record({
    name: fc.constantFrom('v1', 'v2', 'v3'),
    configMap: fc.record({ name: fc.constantFrom('c1', 'c2') }),
  }),
);
const mount = fc.record(
  {
    name: fc.constantFrom('v1', 'v2', 'v3'),
    mountPath: fc.constantFrom('/a', '/b', '/c'),
    readOnly: fc.boolean(),
  },
  { requiredKeys: ['name', 'mountPath'] },
);
const envFrom = fc.record(
  { configMapRef: fc.record({ name: fc.constantFrom('c1', 'c2') }), prefix: fc.constantFrom('P_', 'Q_') },
  { requiredKeys: ['configMapRef'] },
);

/** Keeps the first item of each key, as a valid object would have them. */
function uniqueBy<T>(items: T[], ...keys: Array<(item: T) => unknown>): T[] {
  const seen = keys.map(() => new Set<unknown>());
  return items.filter((item) => {
    if (keys.some((key, i) => seen[i]!.has(key(item)))) return false;
    keys.forEach((key, i) => seen[i]!.add(key(item)));
    return true;
  });
}

const named = (item: { name: string }): string => item.name;
const pathOf = (item: { mountPath: string }): string => item.mountPath;

const presetObject = fc
  .record({
    name: fc.constantFrom('alpha', 'beta', 'gamma', 'delta', 'preset-10', 'preset-9'),
    cluster: fc.boolean(),
    selector: fc.constantFrom(
      undefined,
      { matchLabels: { app: 'web' } },
      { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] },
    ),
    env: fc.array(envVar, { maxLength: 3 }),
    envFrom: fc.array(envFrom, { maxLength: 2 }),
    volumes: fc.array(volume, { maxLength: 2 }),
    volumeMounts: fc.array(mount, { maxLength: 2 }),
    resourceVersion: fc.constantFrom('1', '2'),
  })
  .map((p) => {
    const volumeMounts = uniqueBy(p.volumeMounts, named, pathOf);
    const volumes = uniqueBy(
      [...p.volumes, ...volumeMounts.map((m) => ({ name: m.name, emptyDir: {} }))],
      named,
    );
    const env = uniqueBy(p.env, named);
    const spec: JsonObject = {
      ...(p.selector ? { selector: p.selector } : {}),
      env: env.length || volumes.length || p.envFrom.length ? env : [{ name: 'A', value: '1' }],
    };
    if (p.envFrom.length) spec['envFrom'] = p.envFrom;
    if (volumes.length) spec['volumes'] = volumes;
    if (volumeMounts.length) spec['volumeMounts'] = volumeMounts;
    return {
      apiVersion: 'podpreset.dev/v1alpha1',
      kind: p.cluster ? 'ClusterPodPreset' : 'PodPreset',
      metadata: {
        name: p.name,
        resourceVersion: p.resourceVersion,
        ...(p.cluster ? {} : { namespace: 'default' }),
      },
      spec,
    };
  });

const presetList = fc.uniqueArray(presetObject, {
  maxLength: 4,
  selector: (p) => `${p.kind}/${p.metadata.name}`,
});

const container = (name: string) =>
  fc
    .record({
      env: fc.array(envVar, { maxLength: 3 }),
      volumeMounts: fc.array(mount, { maxLength: 2 }),
      envFrom: fc.array(envFrom, { maxLength: 1 }),
    })
    .map((c) => {
      const out: JsonObject = { name, image: 'example/app:1' };
      const env = uniqueBy(c.env, named);
      const mounts = uniqueBy(c.volumeMounts, named, pathOf);
      if (env.length) out['env'] = env;
      if (mounts.length) out['volumeMounts'] = mounts;
      if (c.envFrom.length) out['envFrom'] = c.envFrom;
      return out;
    });

const pod: fc.Arbitrary<KubeObject> = fc
  .record({
    labels: fc.constantFrom<Record<string, string>>(
      { app: 'web' },
      { app: 'web', tier: 'front' },
      { app: 'api' },
    ),
    init: fc.option(container('init'), { nil: undefined }),
    containers: fc.tuple(container('app'), fc.option(container('sidecar'), { nil: undefined })),
    volumes: fc.array(volume, { maxLength: 2 }),
    annotated: fc.boolean(),
  })
  .map((p) => {
    const spec: JsonObject = { containers: p.containers.filter(Boolean) };
    if (p.init) spec['initContainers'] = [p.init];
    const volumes = uniqueBy(p.volumes, named);
    if (volumes.length) spec['volumes'] = volumes;
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: 'web-',
        labels: p.labels,
        ...(p.annotated ? { annotations: { team: 'a' } } : {}),
      },
      spec,
    };
  });

function catalogOf(objects: readonly unknown[]): PresetCatalog {
  const catalog = new PresetCatalog();
  for (const object of objects) {
    const parsed = parsePreset(object);
    if (!parsed.ok) throw new Error(`generated an invalid preset: ${parsed.error.join('; ')}`);
    catalog.upsert(parsed.value);
  }
  return catalog;
}

/** What the API server does to a Pod after a mutating webhook: apply its defaults. */
function apiServerDefaults(object: KubeObject): KubeObject {
  const out = structuredClone(object) as KubeObject & {
    spec: { volumes?: JsonObject[]; containers: JsonObject[]; initContainers?: JsonObject[] };
  };
  for (const v of out.spec.volumes ?? [])
    if (v['configMap']) (v['configMap'] as JsonObject)['defaultMode'] = 420;
  for (const c of [...(out.spec.initContainers ?? []), ...out.spec.containers]) {
    for (const e of (c['env'] as JsonObject[] | undefined) ?? []) {
      const fieldRef = (e['valueFrom'] as JsonObject | undefined)?.['fieldRef'] as JsonObject | undefined;
      if (fieldRef) fieldRef['apiVersion'] = 'v1';
    }
    for (const m of (c['volumeMounts'] as JsonObject[] | undefined) ?? []) m['readOnly'] ??= false;
  }
  return out;
}

const run = { numRuns: 400 };

describe('engine properties', () => {
  it('idempotent: the output fed back gives an empty patch, also after API server defaulting', () => {
    fc.assert(
      fc.property(pod, presetList, (input, presets) => {
        const catalog = catalogOf(presets);
        const first = evaluate(input, '', 'default', catalog);
        const output = applyPatch(input, first.patch);
        expect(evaluate(output, '', 'default', catalog).patch).toEqual([]);
        expect(evaluate(apiServerDefaults(output), '', 'default', catalog).patch).toEqual([]);
      }),
      run,
    );
  });

  it('the JSON text the webhook sends is the patch the engine computed', () => {
    fc.assert(
      fc.property(pod, presetList, (input, presets) => {
        const result = evaluate(input, '', 'default', catalogOf(presets));
        expect(JSON.parse(result.patchJson)).toEqual(result.patch);
      }),
      run,
    );
  });

  it('never mutates its inputs', () => {
    fc.assert(
      fc.property(pod, presetList, (input, presets) => {
        const [podBefore, presetsBefore] = [structuredClone(input), structuredClone(presets)];
        const result = evaluate(input, '', 'default', catalogOf(presets));
        applyPatch(input, result.patch);
        expect(input).toEqual(podBefore);
        expect(presets).toEqual(presetsBefore);
      }),
      run,
    );
  });

  it('does not depend on the order presets are listed in', () => {
    fc.assert(
      fc.property(
        pod,
        presetList.chain((list) =>
          fc.tuple(
            fc.constant(list),
            fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }),
          ),
        ),
        (input, [listed, shuffled]) => {
          const observable = (r: ReturnType<typeof evaluate>) => ({
            ...r,
            matched: r.matched.map((p) => `${p.kind}/${p.name}`),
          });
          expect(observable(evaluate(input, '', 'default', catalogOf(shuffled)))).toEqual(
            observable(evaluate(input, '', 'default', catalogOf(listed))),
          );
        },
      ),
      run,
    );
  });

  it('a conflict means no patch and nothing applied; otherwise no conflicts are reported', () => {
    fc.assert(
      fc.property(pod, presetList, (input, presets) => {
        const result = evaluate(input, '', 'default', catalogOf(presets));
        if (result.outcome === 'conflict') {
          expect(result.patch).toEqual([]);
          expect(result.applied).toEqual([]);
          expect(result.conflicts.length).toBeGreaterThan(0);
        } else {
          expect(result.conflicts).toEqual([]);
        }
      }),
      run,
    );
  });

  it('the patch only adds, creates no empty list or map, keeps the pod items first, and carries every matched item', () => {
    fc.assert(
      fc.property(pod, presetList, (input, presets) => {
        const result = evaluate(input, '', 'default', catalogOf(presets));
        for (const op of result.patch) {
          expect(op.op).toBe('add');
          if (Array.isArray(op.value)) expect(op.value.length).toBeGreaterThan(0);
          else if (typeof op.value === 'object' && op.value !== null)
            expect(Object.keys(op.value).length).toBeGreaterThan(0);
        }
        if (result.outcome !== 'mutated') return;
        const output = applyPatch(input, result.patch) as KubeObject & {
          spec: { containers: JsonObject[]; volumes?: JsonObject[] };
        };
        const original = input as typeof output;
        const hasAll = (field: ItemField, list: unknown, expected: readonly { value: JsonObject }[]) =>
          expected.every((item) =>
            ((list as JsonObject[] | undefined) ?? []).some((have) => semanticEqual(have, item.value, field)),
          );
        output.spec.containers.forEach((c, i) => {
          for (const field of ['env', 'envFrom', 'volumeMounts'] as const) {
            const before = (original.spec.containers[i]![field] as unknown[] | undefined) ?? [];
            expect(((c[field] as unknown[] | undefined) ?? []).slice(0, before.length)).toEqual(before);
            for (const preset of result.matched)
              expect(hasAll(field, c[field], preset.items[field])).toBe(true);
          }
        });
        for (const preset of result.matched) {
          expect(hasAll('volumes', output.spec.volumes, preset.items.volumes)).toBe(true);
          expect(output.metadata?.annotations?.[preset.annotationKey]).toBe(preset.resourceVersion);
        }
      }),
      run,
    );
  });
});
