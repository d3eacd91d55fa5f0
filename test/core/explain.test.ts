import { describe, expect, it } from 'vitest';
import { explainObject, type ExplainResult } from '../../src/core/explain.js';
import { previewObject } from '../../src/core/preview.js';
import { aPod, aPreset, catalogOf } from '../helpers/builders.js';

const env = (name: string, value: string) => ({ env: [{ name, value }] });

function explain(...args: Parameters<typeof explainObject>): ExplainResult {
  const result = explainObject(...args);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe('explainObject', () => {
  const catalog = catalogOf(
    aPreset('web-env', { selector: { matchLabels: { app: 'web' } }, ...env('A', '1') }),
    aPreset('api-env', {
      selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['api', 'worker'] }] },
      ...env('B', '1'),
    }),
    aPreset('tiered', { selector: { matchLabels: { tier: 'front' } }, ...env('C', '1') }),
    aPreset(
      'elsewhere',
      { selector: { matchLabels: { app: 'web' } }, ...env('D', '1') },
      { namespace: 'shop' },
    ),
    aPreset(
      'not-here',
      { selector: { matchLabels: { app: 'api' } }, ...env('E', '1') },
      { namespace: 'shop' },
    ),
    aPreset(
      'prod-only',
      { namespaceSelector: { matchLabels: { env: 'prod' } }, ...env('F', '1') },
      { kind: 'ClusterPodPreset' },
    ),
  );

  it('lists every candidate with matched and a reason naming the failing label, matched first', () => {
    const result = explain(aPod({ labels: { app: 'web' } }), undefined, catalog);
    expect(result).toMatchObject({ kind: 'Pod', namespace: 'default', name: 'app', outcome: 'mutated' });
    expect(result.presets.map((p) => [p.kind, p.namespace, p.name, p.matched])).toEqual([
      ['PodPreset', 'default', 'web-env', true],
      ['ClusterPodPreset', undefined, 'prod-only', false],
      ['PodPreset', 'default', 'api-env', false],
      ['PodPreset', 'default', 'tiered', false],
      ['PodPreset', 'shop', 'elsewhere', false],
    ]);
    const reasons = Object.fromEntries(result.presets.map((p) => [p.name, p.reason]));
    expect(reasons['web-env']).toBe('its selector matches');
    expect(reasons['api-env']).toBe(
      'selector does not match: label "app" is "web", not one of [api, worker]',
    );
    expect(reasons['tiered']).toBe('selector does not match: label "tier" is missing');
    expect(reasons['prod-only']).toBe(
      'namespace "default" is not selected by its namespaceSelector: label "env" is missing',
    );
    expect(reasons['elsewhere']).toContain('its own namespace "shop", not "default"');
  });

  it('gives a matched, applied preset its annotation key and value', () => {
    const result = explain(aPod({ labels: { app: 'web' } }), undefined, catalog);
    expect(result.presets[0]!.annotation).toEqual({
      key: 'podpreset.admission.kubernetes.io/podpreset-web-env',
      value: '1',
      current: false,
    });
    const annotated = aPod({
      labels: { app: 'web' },
      annotations: { 'podpreset.admission.kubernetes.io/podpreset-web-env': '1' },
    });
    expect(explain(annotated, undefined, catalog).presets[0]!.annotation?.current).toBe(true);
  });

  it('says a mirror or excluded Pod is skipped, for presets whose selectors match too', () => {
    const excluded = aPod({
      labels: { app: 'web' },
      annotations: { 'podpreset.admission.kubernetes.io/exclude': 'true' },
    });
    const result = explain(excluded, undefined, catalog);
    expect(result.outcome).toBe('unchanged');
    expect(result.presets.every((p) => !p.matched)).toBe(true);
    const webEnv = result.presets.find((p) => p.name === 'web-env')!;
    expect(webEnv.reason).toMatch(/^excluded by annotation .*\(its selectors match\)$/);
    const mirror = aPod({ labels: { app: 'web' }, annotations: { 'kubernetes.io/config.mirror': 'x' } });
    expect(explain(mirror, undefined, catalog).presets[0]!.reason).toMatch(/^mirror pod/);
  });

  it('has no annotation when a conflict leaves the Pod unchanged', () => {
    const conflicting = catalogOf(aPreset('a', env('X', '1')), aPreset('b', env('X', '2')));
    const result = explain(aPod(), undefined, conflicting);
    expect(result.outcome).toBe('conflict');
    expect(result.presets.map((p) => [p.matched, p.annotation])).toEqual([
      [true, undefined],
      [true, undefined],
    ]);
  });

  it('matched agrees with what preview applies', () => {
    const pod = aPod({ labels: { app: 'web', tier: 'front' } });
    const preview = previewObject(pod, undefined, catalog);
    const applied = preview.ok ? preview.value.applied.map((p) => p.name) : [];
    const matched = explain(pod, undefined, catalog)
      .presets.filter((p) => p.matched)
      .map((p) => p.name);
    expect(matched).toEqual(applied);
    expect(matched).toEqual(['tiered', 'web-env']);
  });

  it('says why a kind without a pod template cannot be explained', () => {
    expect(explainObject({ kind: 'Service', metadata: { name: 's' } }, undefined, catalog)).toMatchObject({
      ok: false,
    });
  });
});
