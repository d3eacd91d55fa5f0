import { describe, expect, it } from 'vitest';
import { PresetCatalog } from '../../src/core/catalog.js';
import { aPreset, catalogOf, compiled } from '../helpers/builders.js';

const env = [{ name: 'A', value: '1' }];
const names = (presets: { kind: string; name: string }[]): string[] =>
  presets.map((p) => `${p.kind}/${p.name}`);

describe('PresetCatalog.matching', () => {
  it('orders ClusterPodPresets by name, then PodPresets by name, as plain strings', () => {
    const catalog = catalogOf(
      aPreset('preset-9', { env }),
      aPreset('preset-10', { env }),
      aPreset('zeta', { env }, { kind: 'ClusterPodPreset' }),
      aPreset('alpha', { env }, { kind: 'ClusterPodPreset' }),
    );
    expect(names(catalog.matching('default', {}))).toEqual([
      'ClusterPodPreset/alpha',
      'ClusterPodPreset/zeta',
      'PodPreset/preset-10',
      'PodPreset/preset-9',
    ]);
  });

  it('takes PodPresets of the request namespace only', () => {
    const catalog = catalogOf(
      aPreset('mine', { env }, { namespace: 'a' }),
      aPreset('theirs', { env }, { namespace: 'b' }),
    );
    expect(names(catalog.matching('a', {}))).toEqual(['PodPreset/mine']);
  });

  it('selects ClusterPodPresets by the namespace labels, always including kubernetes.io/metadata.name', () => {
    const catalog = catalogOf(
      aPreset(
        'prod',
        { namespaceSelector: { matchLabels: { env: 'prod' } }, env },
        { kind: 'ClusterPodPreset' },
      ),
      aPreset(
        'by-name',
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, env },
        { kind: 'ClusterPodPreset' },
      ),
    );
    expect(names(catalog.matching('shop', {}))).toEqual(['ClusterPodPreset/by-name']);
    catalog.setNamespace('shop', { env: 'prod' });
    expect(names(catalog.matching('shop', {}))).toEqual([
      'ClusterPodPreset/by-name',
      'ClusterPodPreset/prod',
    ]);
    catalog.setNamespace('shop', { env: 'dev' });
    expect(names(catalog.matching('shop', {}))).toEqual(['ClusterPodPreset/by-name']);
    catalog.removeNamespace('shop');
    catalog.setNamespace('other', { env: 'prod' });
    expect(names(catalog.matching('other', {}))).toEqual(['ClusterPodPreset/prod']);
  });

  it('reflects upserts and removals, including after a cached answer', () => {
    const catalog = new PresetCatalog();
    catalog.upsert(compiled(aPreset('a', { selector: { matchLabels: { app: 'web' } }, env })));
    expect(names(catalog.matching('default', { app: 'web' }))).toEqual(['PodPreset/a']);
    catalog.upsert(compiled(aPreset('a', { selector: { matchLabels: { app: 'api' } }, env })));
    expect(names(catalog.matching('default', { app: 'web' }))).toEqual([]);
    catalog.upsert(compiled(aPreset('c', { env }, { kind: 'ClusterPodPreset' })));
    expect(names(catalog.matching('default', { app: 'api' }))).toEqual(['ClusterPodPreset/c', 'PodPreset/a']);
    catalog.remove('ClusterPodPreset', 'c');
    catalog.remove('PodPreset', 'a', 'default');
    catalog.remove('PodPreset', 'never-there', 'default');
    expect(catalog.matching('default', { app: 'api' })).toEqual([]);
    expect(catalog.size).toBe(0);
  });

  it('a PodPreset and a ClusterPodPreset of one name are two presets', () => {
    const catalog = catalogOf(
      aPreset('same', { env }),
      aPreset('same', { env }, { kind: 'ClusterPodPreset' }),
    );
    expect(names(catalog.matching('default', {}))).toEqual(['ClusterPodPreset/same', 'PodPreset/same']);
  });

  it('the label index finds exactly what a scan of every selector finds', () => {
    const catalog = new PresetCatalog();
    const all = [
      aPreset('by-app', { selector: { matchLabels: { app: 'web' } }, env }),
      aPreset('by-app-and-tier', { selector: { matchLabels: { tier: 'front', app: 'web' } }, env }),
      aPreset('by-expression', {
        selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] },
        env,
      }),
      aPreset('not-in', {
        selector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] },
        env,
      }),
      aPreset('everything', { env }),
      aPreset('other-value', { selector: { matchLabels: { app: 'api' } }, env }),
    ].map(compiled);
    all.forEach((preset) => catalog.upsert(preset));
    const podLabels: Record<string, string>[] = [
      {},
      { app: 'web' },
      { app: 'web', tier: 'front' },
      { app: 'api' },
      { tier: 'front' },
    ];
    for (const labels of podLabels) {
      const scanned = all
        .filter((p) => p.selector(labels))
        .map((p) => p.name)
        .sort();
      expect(catalog.matching('default', labels).map((p) => p.name)).toEqual(scanned);
    }
  });
});
