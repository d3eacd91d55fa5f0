import { describe, expect, it } from 'vitest';
import { PresetCatalog } from '../../src/core/catalog.js';
import { failing, lintPresets } from '../../src/core/lint.js';
import { loadPresets } from '../../src/core/load.js';
import { previewObject } from '../../src/core/preview.js';
import type { JsonObject } from '../../src/core/types.js';
import { parseDocuments } from '../../src/documents/decode.js';
import { aPreset, catalogOf, compiled } from '../helpers/builders.js';
import { SECRET, WRONG_TYPES_PROBLEMS, WRONG_TYPES_YAML } from '../helpers/wrong-types.js';

const env = (name: string, value: string) => ({ env: [{ name, value }] });
const cluster = { kind: 'ClusterPodPreset' } as const;

function lint(presets: JsonObject[], namespaces: Record<string, Record<string, string>> = {}) {
  const catalog = new PresetCatalog();
  for (const [name, labels] of Object.entries(namespaces)) catalog.setNamespace(name, labels);
  return lintPresets(presets.map(compiled), [], catalog);
}

describe('overlapping-conflict', () => {
  it('names both presets, the field, the key and an example label set both select', () => {
    const findings = lint([
      aPreset('b', { selector: { matchLabels: { app: 'web' } }, ...env('LOG', 'debug') }),
      aPreset('a', {
        selector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] },
        ...env('LOG', 'info'),
      }),
    ]);
    expect(findings).toEqual([
      {
        severity: 'warning',
        kind: 'overlapping-conflict',
        presets: [
          { kind: 'PodPreset', namespace: 'default', name: 'a' },
          { kind: 'PodPreset', namespace: 'default', name: 'b' },
        ],
        field: 'env',
        key: 'LOG',
        labels: { tier: 'example', app: 'web' },
        message: expect.stringContaining('would get no presets at all') as unknown as string,
      },
    ]);
  });

  it.each([
    ['different matchLabels values', { matchLabels: { app: 'a' } }, { matchLabels: { app: 'b' } }],
    [
      'In against NotIn',
      { matchExpressions: [{ key: 'app', operator: 'In', values: ['a'] }] },
      { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['a'] }] },
    ],
    [
      'Exists against DoesNotExist',
      { matchExpressions: [{ key: 'app', operator: 'Exists' }] },
      { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] },
    ],
  ])('never reports provably disjoint selectors: %s', (_, a, b) => {
    expect(
      lint([
        aPreset('a', { selector: a, ...env('X', '1') }),
        aPreset('b', { selector: b, ...env('X', '2') }),
      ]),
    ).toEqual([]);
  });

  it('does not report presets that agree, nor PodPresets of different namespaces', () => {
    expect(lint([aPreset('a', env('X', '1')), aPreset('b', env('X', '1'))])).toEqual([]);
    expect(lint([aPreset('a', env('X', '1')), aPreset('b', env('X', '2'), { namespace: 'other' })])).toEqual(
      [],
    );
  });

  it('reports a ClusterPodPreset against a PodPreset only where its namespaceSelector can match', () => {
    const clusterPreset = aPreset(
      'c',
      {
        selector: { matchLabels: { app: 'web' } },
        namespaceSelector: { matchLabels: { env: 'prod' } },
        ...env('X', '1'),
      },
      cluster,
    );
    const podPreset = aPreset('p', env('X', '2'), { namespace: 'shop' });
    expect(lint([clusterPreset, podPreset])).toEqual([]);
    const findings = lint([clusterPreset, podPreset], { shop: { env: 'prod' } });
    expect(findings.map((f) => [f.kind, f.presets?.map((p) => p.name), f.key])).toEqual([
      ['overlapping-conflict', ['c', 'p'], 'X'],
    ]);
    expect(findings[0]!.message).toContain('namespace "shop"');
  });

  it('finds two ClusterPodPresets meeting in a namespace that does not exist yet', () => {
    const findings = lint([
      aPreset('c1', { namespaceSelector: { matchLabels: { team: 'a' } }, ...env('X', '1') }, cluster),
      aPreset(
        'c2',
        { namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'Exists' }] }, ...env('X', '2') },
        cluster,
      ),
    ]);
    expect(findings.map((f) => f.kind)).toEqual(['overlapping-conflict']);
  });
});

describe('overlapping-conflict where container targeting decides', () => {
  const targeted = (name: string, names: string[], value: string) =>
    aPreset(name, { containerSelector: { names }, ...env('X', value) });

  it('names the container both presets reach', () => {
    const findings = lint([targeted('a', ['web'], '1'), targeted('b', ['web*'], '2')]);
    expect(findings.map((f) => [f.presets?.map((p) => p.name), f.field, f.key, f.container])).toEqual([
      [['a', 'b'], 'env', 'X', 'web'],
    ]);
    expect(findings[0]!.message).toContain('in container "web"');
  });

  it('does not report presets that never reach the same container', () => {
    expect(lint([targeted('a', ['api'], '1'), targeted('b', ['web'], '2')])).toEqual([]);
  });

  it('finds patterns that meet only in a name neither spells out, and names it', () => {
    const findings = lint([targeted('a', ['app-*'], '1'), targeted('b', ['*-web'], '2')]);
    expect(findings.map((f) => [f.presets?.map((p) => p.name), f.field, f.key, f.container])).toEqual([
      [['a', 'b'], 'env', 'X', 'app-web'],
    ]);
    expect(findings[0]!.message).toContain('in container "app-web"');
  });

  it.each([
    ['different prefixes', ['app-*'], ['db-*']],
    ['patterns whose common names all end in a dash', ['a*'], ['*-']],
    ['several patterns, none meeting', ['api', 'app-*'], ['db-*', 'web']],
  ])('does not report patterns no valid container name matches both of: %s', (_, a, b) => {
    expect(lint([targeted('a', a, '1'), targeted('b', b, '2')])).toEqual([]);
  });

  it.each([
    ['a pattern against every container', ['*-web'], undefined, 'x-web'],
    ['one of several patterns each', ['db', '*-v2'], ['cache', 'api-*'], 'api-v2'],
  ])('reports %s', (_, a, b, container) => {
    const second = b ? targeted('b', b, '2') : aPreset('b', env('X', '2'));
    const findings = lint([targeted('a', a, '1'), second]);
    expect(findings.map((f) => f.container)).toEqual([container]);
  });

  it('looks past excluded names and names of containers a preset adds', () => {
    const a = aPreset('a', {
      containerSelector: { names: ['web*'], excludeNames: ['web'] },
      ...env('X', '1'),
    });
    const b = aPreset('b', {
      containers: [{ name: 'webx', image: 'example/sidecar:1' }],
      ...env('X', '2'),
    });
    const findings = lint([a, b]);
    expect(findings.map((f) => [f.field, f.key, f.container])).toEqual([['env', 'X', 'weba']]);
    const excludedEverywhere = aPreset('b', {
      containerSelector: { excludeNames: ['web*'] },
      ...env('X', '2'),
    });
    expect(lint([a, excludedEverywhere])).toEqual([]);
  });

  it.each([
    ['app-*', '*-web'],
    ['web', 'web*'],
    ['*-v2', 'api-*'],
  ])('agrees with preview of a Pod with the container it names: %s and %s', (first, second) => {
    const presets = [
      aPreset('a', { containerSelector: { names: [first] }, ...env('X', '1') }, { namespace: 'shop' }),
      aPreset('b', { containerSelector: { names: [second] }, ...env('X', '2') }, { namespace: 'shop' }),
    ];
    const catalog = catalogOf(...presets);
    const [finding] = lintPresets(presets.map(compiled), [], catalog);
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'shop', labels: finding!.labels },
      spec: { containers: [{ name: finding!.container, image: 'example/app:1' }] },
    };
    const preview = previewObject(pod, undefined, catalog);
    if (!preview.ok) throw new Error(preview.error);
    expect(preview.value.outcome).toBe('conflict');
    const names = (presets: ReadonlyArray<{ name: string }>) => presets.map((p) => p.name).sort();
    expect(preview.value.conflicts.map((c) => [names(c.presets), c.field, c.key, c.container])).toEqual([
      [names(finding!.presets!), finding!.field, finding!.key, finding!.container],
    ]);
  });

  it('says what the conflict policy makes of it', () => {
    const findings = lint([
      aPreset('a', env('X', '1')),
      aPreset('b', { conflictPolicy: 'KeepExisting', ...env('X', '2') }),
    ]);
    expect(findings[0]!.message).toContain(
      "would keep PodPreset default/a's item (conflictPolicy KeepExisting)",
    );
  });
});

describe('matches-everything and invalid', () => {
  it('warns of a ClusterPodPreset with an empty selector and no namespaceSelector only', () => {
    const findings = lint([
      aPreset('all', env('X', '1'), cluster),
      aPreset('scoped', { namespaceSelector: { matchLabels: { a: 'b' } }, ...env('Y', '1') }, cluster),
      aPreset('pp', env('Z', '1')),
    ]);
    expect(findings).toEqual([
      {
        severity: 'warning',
        kind: 'matches-everything',
        presets: [{ kind: 'ClusterPodPreset', name: 'all' }],
        message: expect.stringContaining('ClusterPodPreset all has an empty selector') as unknown as string,
      },
    ]);
  });

  it('reports an invalid preset as an error naming the source, the object and the field', () => {
    const loaded = loadPresets([
      {
        source: 'presets/bad.yaml#1',
        object: aPreset('bad', {
          selector: { matchExpressions: [{ key: 'app', operator: 'Maybe' }] },
          ...env('X', '1'),
        }),
      },
    ]);
    const findings = lintPresets(loaded.presets, loaded.invalid, new PresetCatalog());
    expect(findings).toEqual([
      {
        severity: 'error',
        kind: 'invalid',
        presets: [{ kind: 'PodPreset', namespace: 'default', name: 'bad' }],
        source: 'presets/bad.yaml#1',
        field: 'spec.selector.matchExpressions[0].operator',
        message: expect.stringMatching(
          /^presets\/bad.yaml#1 \(PodPreset default\/bad\): spec.selector/,
        ) as unknown as string,
      },
    ]);
    expect(failing(findings[0]!, 'error')).toBe(true);
  });

  it('reports every value of a wrong type in preset items, by path and expected type, never the value', () => {
    const { documents, errors } = parseDocuments(WRONG_TYPES_YAML, 'presets/wrong.yaml');
    expect(errors).toEqual([]);
    const loaded = loadPresets(documents);
    expect(loaded.presets).toEqual([]);
    const findings = lintPresets(loaded.presets, loaded.invalid, new PresetCatalog());
    const expected = (name: 'types' | 'sidecar', doc: number) =>
      WRONG_TYPES_PROBLEMS[name].map((problem) => ({
        severity: 'error',
        kind: 'invalid',
        presets: [{ kind: 'PodPreset', namespace: 'shop', name }],
        source: `presets/wrong.yaml#${doc}`,
        field: problem.slice(0, problem.indexOf(': ')),
        message: `presets/wrong.yaml#${doc} (PodPreset shop/${name}): ${problem}`,
      }));
    expect(findings).toEqual([...expected('types', 1), ...expected('sidecar', 2)]);
    expect(JSON.stringify(findings)).not.toContain(SECRET);
    expect(findings.every((finding) => failing(finding, 'error'))).toBe(true);
  });

  it('fails on a warning only when the threshold is warning', () => {
    const [warning] = lint([aPreset('all', env('X', '1'), cluster)]);
    expect(failing(warning!, 'error')).toBe(false);
    expect(failing(warning!, 'warning')).toBe(true);
  });
});
