import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/evaluate.js';
import { injectPresets } from '../../src/core/inject.js';
import type { KubeObject } from '../../src/core/types.js';
import { aPod, aPreset, applyPatch, catalogOf, compiled } from '../helpers/builders.js';

const env = [{ name: 'A', value: '1' }];

describe('the patch (docs/SPEC.md §2.10)', () => {
  it('creates absent lists and maps whole, and no empty ones', () => {
    const pod = aPod();
    const result = evaluate(pod, '', 'default', catalogOf(aPreset('p', { env })));
    expect(result.patch).toEqual([
      { op: 'add', path: '/spec/containers/0/env', value: [{ name: 'A', value: '1' }] },
      {
        op: 'add',
        path: '/metadata/annotations',
        value: { 'podpreset.admission.kubernetes.io/podpreset-p': '1' },
      },
    ]);
  });

  it('appends to existing lists item by item and escapes "/" in annotation keys as ~1', () => {
    const pod = aPod({
      annotations: { team: 'a' },
      spec: { containers: [{ name: 'app', env: [{ name: 'P', value: 'p' }] }] },
    });
    const result = evaluate(pod, '', 'default', catalogOf(aPreset('p', { env })));
    expect(result.patch).toEqual([
      { op: 'add', path: '/spec/containers/0/env/-', value: { name: 'A', value: '1' } },
      { op: 'add', path: '/metadata/annotations/podpreset.admission.kubernetes.io~1podpreset-p', value: '1' },
    ]);
  });

  it('overwrites an older annotation value and leaves an up-to-date one alone', () => {
    const annotations = { 'podpreset.admission.kubernetes.io/podpreset-p': '1' };
    const catalog = catalogOf(aPreset('p', { env }, { resourceVersion: '2' }));
    const pod = aPod({ annotations, spec: { containers: [{ name: 'app', env }] } });
    const updated = evaluate(pod, '', 'default', catalog);
    expect(updated.outcome).toBe('mutated');
    expect(applyPatch(pod, updated.patch).metadata?.annotations).toEqual({
      'podpreset.admission.kubernetes.io/podpreset-p': '2',
    });
    const again = evaluate(applyPatch(pod, updated.patch), '', 'default', catalog);
    expect(again).toMatchObject({ outcome: 'unchanged', patch: [] });
  });

  it('injects into every init container and container, volumes into the pod', () => {
    const pod = aPod({
      spec: { initContainers: [{ name: 'init' }], containers: [{ name: 'a' }, { name: 'b' }] },
    });
    const preset = aPreset('p', {
      env,
      volumes: [{ name: 'v', emptyDir: {} }],
      volumeMounts: [{ name: 'v', mountPath: '/v' }],
    });
    const out = applyPatch(pod, evaluate(pod, '', 'default', catalogOf(preset)).patch) as KubeObject & {
      spec: { initContainers: unknown[]; containers: unknown[]; volumes: unknown[] };
    };
    for (const container of [...out.spec.initContainers, ...out.spec.containers]) {
      expect(container).toMatchObject({ env, volumeMounts: [{ name: 'v', mountPath: '/v' }] });
    }
    expect(out.spec.volumes).toEqual([{ name: 'v', emptyDir: {} }]);
  });

  it('points into a pod template when given its base path', () => {
    const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app' }] } };
    const result = injectPresets(template, '/spec/template', [compiled(aPreset('p', { env }))]);
    expect(result.kind === 'patch' && result.patch.operations.map((op) => op.path)).toEqual([
      '/spec/template/spec/containers/0/env',
      '/spec/template/metadata/annotations',
    ]);
  });

  it('a conflict anywhere leaves the pod untouched: no patch, no annotation', () => {
    const pod = aPod({
      spec: {
        initContainers: [{ name: 'init', env: [{ name: 'A', value: 'other' }] }],
        containers: [{ name: 'app' }],
      },
    });
    const result = evaluate(
      pod,
      '',
      'default',
      catalogOf(aPreset('p', { env }), aPreset('q', { env: [{ name: 'B', value: '2' }] })),
    );
    expect(result.outcome).toBe('conflict');
    expect(result.patch).toEqual([]);
    expect(result.applied).toEqual([]);
    expect(result.conflicts).toEqual([
      {
        presets: [{ kind: 'PodPreset', name: 'p' }],
        container: 'init',
        field: 'env',
        key: 'A',
        message: 'PodPreset "p" conflicts with the pod on env var "A" in container "init"',
        resolution: 'abort',
      },
    ]);
  });

  it('never puts an env value in a conflict', () => {
    const pod = aPod({
      spec: { containers: [{ name: 'app', env: [{ name: 'TOKEN', value: 'pod-secret-value' }] }] },
    });
    const result = evaluate(
      pod,
      '',
      'default',
      catalogOf(aPreset('p', { env: [{ name: 'TOKEN', value: 'preset-secret-value' }] })),
    );
    expect(JSON.stringify(result.conflicts)).not.toMatch(/secret-value/);
  });

  it('does not modify the pod or the presets', () => {
    const pod = aPod();
    const preset = aPreset('p', { env, volumes: [{ name: 'v', emptyDir: {} }] });
    const [podBefore, presetBefore] = [structuredClone(pod), structuredClone(preset)];
    const catalog = catalogOf(preset);
    applyPatch(pod, evaluate(pod, '', 'default', catalog).patch);
    expect(pod).toEqual(podBefore);
    expect(preset).toEqual(presetBefore);
  });
});

describe('skips (docs/SPEC.md §2.1)', () => {
  const catalog = catalogOf(aPreset('p', { env }));
  it.each<{ name: string; annotations: Record<string, string>; skipped: boolean }>([
    { name: 'mirror pod, any value', annotations: { 'kubernetes.io/config.mirror': '' }, skipped: true },
    {
      name: 'exclude "true"',
      annotations: { 'podpreset.admission.kubernetes.io/exclude': 'true' },
      skipped: true,
    },
    {
      name: 'exclude "True" is not "true"',
      annotations: { 'podpreset.admission.kubernetes.io/exclude': 'True' },
      skipped: false,
    },
    {
      name: 'exclude "false"',
      annotations: { 'podpreset.admission.kubernetes.io/exclude': 'false' },
      skipped: false,
    },
  ])('$name', ({ annotations, skipped }) => {
    const result = evaluate(aPod({ annotations }), '', 'default', catalog);
    expect(result.outcome).toBe(skipped ? 'unchanged' : 'mutated');
  });
});
