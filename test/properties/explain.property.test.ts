/**
 * explain and lint agree with the engine, over generated presets and Pods: explain's matched set
 * is what preview applies when there is no conflict, and every pair of presets preview shows
 * conflicting on some Pod is an overlapping-conflict lint reports.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PresetCatalog } from '../../src/core/catalog.js';
import { explainObject } from '../../src/core/explain.js';
import { lintPresets } from '../../src/core/lint.js';
import { parsePreset, type CompiledPreset } from '../../src/core/preset.js';
import { previewObject } from '../../src/core/preview.js';
import type { JsonObject, KubeObject } from '../../src/core/types.js';

const KEYS = ['app', 'tier'];
const VALUES = ['web', 'api', 'front'];
const requirement = fc.oneof(
  fc.record({
    key: fc.constantFrom(...KEYS),
    operator: fc.constantFrom('In', 'NotIn'),
    values: fc.uniqueArray(fc.constantFrom(...VALUES), { minLength: 1, maxLength: 2 }),
  }),
  fc.record({ key: fc.constantFrom(...KEYS), operator: fc.constantFrom('Exists', 'DoesNotExist') }),
);
const selector = fc.option(
  fc.record(
    {
      matchLabels: fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 1 }),
      matchExpressions: fc.array(requirement, { maxLength: 2 }),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);
const namespaceSelector = fc.option(
  fc.constantFrom(
    { matchLabels: { env: 'prod' } },
    { matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] },
  ),
  { nil: undefined },
);

/** At most one item per name and per mountPath in one preset, as a valid preset has them. */
const presetObject = fc
  .record({
    name: fc.constantFrom('alpha', 'beta', 'gamma'),
    cluster: fc.boolean(),
    namespace: fc.constantFrom('default', 'shop'),
    selector,
    namespaceSelector,
    env: fc.uniqueArray(fc.record({ name: fc.constantFrom('A', 'B'), value: fc.constantFrom('1', '2') }), {
      selector: (e) => e.name,
      maxLength: 2,
    }),
    mount: fc.option(
      fc.record({ name: fc.constantFrom('v1', 'v2'), mountPath: fc.constantFrom('/a', '/b') }),
      {
        nil: undefined,
      },
    ),
    medium: fc.constantFrom('', 'Memory'),
    containerSelector: fc.option(
      fc.constantFrom(
        { names: ['app'] },
        { names: ['web*'] },
        { excludeNames: ['app'] },
        { names: ['a*', 'web'] },
        // Meet only in `web-1`, a name neither pattern spells out.
        { names: ['web-*'] },
        { names: ['*-1'], excludeNames: ['app'] },
      ),
      { nil: undefined },
    ),
    conflictPolicy: fc.constantFrom(undefined, 'Abort', 'SkipPreset', 'KeepExisting'),
  })
  .map((p): JsonObject => {
    const spec: JsonObject = { env: p.env.length || p.mount ? p.env : [{ name: 'A', value: '1' }] };
    if (p.selector) spec['selector'] = p.selector;
    if (p.cluster && p.namespaceSelector) spec['namespaceSelector'] = p.namespaceSelector;
    if (p.containerSelector) spec['containerSelector'] = p.containerSelector;
    if (p.conflictPolicy) spec['conflictPolicy'] = p.conflictPolicy;
    if (p.mount) {
      spec['volumes'] = [{ name: p.mount.name, emptyDir: p.medium ? { medium: p.medium } : {} }];
      spec['volumeMounts'] = [p.mount];
    }
    return {
      apiVersion: 'podpreset.dev/v1alpha1',
      kind: p.cluster ? 'ClusterPodPreset' : 'PodPreset',
      metadata: { name: p.name, resourceVersion: '1', ...(p.cluster ? {} : { namespace: p.namespace }) },
      spec,
    };
  });
const presets = fc.uniqueArray(presetObject, {
  maxLength: 5,
  selector: (p) =>
    JSON.stringify([
      p['kind'],
      (p['metadata'] as JsonObject)['namespace'],
      (p['metadata'] as JsonObject)['name'],
    ]),
});

const pod: fc.Arbitrary<KubeObject> = fc
  .record({
    namespace: fc.constantFrom('default', 'shop'),
    labels: fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES, 'other'), { maxKeys: 2 }),
    env: fc.option(fc.record({ name: fc.constantFrom('A', 'B'), value: fc.constantFrom('1', '2') }), {
      nil: undefined,
    }),
    more: fc.uniqueArray(fc.constantFrom('web', 'web-1', 'sidecar'), { maxLength: 2 }),
  })
  .map((p) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: p.namespace, labels: p.labels },
    spec: {
      containers: [
        { name: 'app', image: 'example/app:1', ...(p.env ? { env: [p.env] } : {}) },
        ...p.more.map((name) => ({ name, image: 'example/more:1' })),
      ],
    },
  }));

function catalogOf(objects: JsonObject[]): { catalog: PresetCatalog; compiled: CompiledPreset[] } {
  const catalog = new PresetCatalog();
  catalog.setNamespace('shop', { env: 'prod' });
  catalog.setNamespace('default', {});
  const compiled = objects.map((object) => {
    const parsed = parsePreset(object);
    if (!parsed.ok) throw new Error(parsed.error.join('; '));
    return parsed.value;
  });
  for (const preset of compiled) catalog.upsert(preset);
  return { catalog, compiled };
}

const valueOf = <T>(result: { ok: true; value: T } | { ok: false; error: string }): T => {
  if (!result.ok) throw new Error(result.error);
  return result.value;
};

describe('explain and lint agree with preview', () => {
  it("explain's matched set is what preview applies when there is no conflict", () => {
    fc.assert(
      fc.property(presets, pod, (objects, object) => {
        const { catalog } = catalogOf(objects);
        const preview = valueOf(previewObject(object, undefined, catalog));
        const explained = valueOf(explainObject(object, undefined, catalog));
        expect(explained.outcome).toBe(preview.outcome);
        const matched = explained.presets.filter((p) => p.matched).map((p) => `${p.kind}/${p.name}`);
        if (preview.outcome === 'mutated' && preview.conflicts.length === 0)
          expect(matched).toEqual(preview.applied.map((p) => `${p.kind}/${p.name}`));
        if (preview.outcome === 'conflict') expect(matched.length).toBeGreaterThan(0);
        // Every unmatched candidate says why; a matched one never carries a selector failure.
        for (const p of explained.presets) {
          expect(p.reason).not.toBe('');
          if (p.matched) expect(p.reason).not.toContain('does not match');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('lint reports an overlapping conflict for every pair preview shows conflicting on some Pod', () => {
    fc.assert(
      fc.property(presets, fc.array(pod, { minLength: 1, maxLength: 4 }), (objects, pods) => {
        const { catalog, compiled } = catalogOf(objects);
        const reported = new Set(
          lintPresets(compiled, [], catalog)
            .filter((f) => f.kind === 'overlapping-conflict')
            .map((f) => f.presets!.map((p) => `${p.kind}/${p.namespace ?? ''}/${p.name}`).join(' ')),
        );
        for (const object of pods) {
          const preview = valueOf(previewObject(object, undefined, catalog));
          const namespace = preview.namespace;
          for (const conflict of preview.conflicts) {
            if (conflict.presets.length !== 2) continue;
            const pair = conflict.presets
              .map((p) => `${p.kind}/${p.kind === 'PodPreset' ? namespace : ''}/${p.name}`)
              .join(' ');
            expect(reported).toContain(pair);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
