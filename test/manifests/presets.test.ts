/**
 * Presets against the CRD schemas, the way the API server would hold them: the openAPIV3Schema
 * (ajv), the list-map keys, and the CEL rules (evaluated with @marcbachmann/cel-js at the schema
 * node each rule sits on, `self` bound to the value there).
 */
import path from 'node:path';
import { evaluate } from '@marcbachmann/cel-js';
import { describe, expect, it } from 'vitest';
import { API_VERSION, CLUSTER_POD_PRESET, POD_PRESET, type PresetKind } from '../../src/core/api.js';
import { parsePreset } from '../../src/core/preset.js';
import { crdFor, type SchemaNode } from '../../scripts/generate-crds.js';
import { loadVectors } from '../helpers/conformance.js';
import { WRONG_TYPES_YAML } from '../helpers/wrong-types.js';
import { REPO_ROOT, presetFilesUnder, readYamlDocuments, readYamlDocumentsOf } from './load.js';
import { newAjv } from './schemas.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function schemaOf(kind: PresetKind): SchemaNode {
  const crd = crdFor(kind === 'PodPreset' ? POD_PRESET : CLUSTER_POD_PRESET) as {
    spec: { versions: { schema: { openAPIV3Schema: SchemaNode } }[] };
  };
  const schema = crd.spec.versions[0]?.schema.openAPIV3Schema;
  if (!schema) throw new Error('no schema');
  return schema;
}

const ajv = newAjv();
const validators = {
  PodPreset: ajv.compile(schemaOf('PodPreset')),
  ClusterPodPreset: ajv.compile(schemaOf('ClusterPodPreset')),
};

/** listMapViolations finds duplicate keys in lists marked x-kubernetes-list-type: map. */
function listMapViolations(schema: SchemaNode, value: Json | undefined, at: string): string[] {
  const out: string[] = [];
  if (Array.isArray(value)) {
    const keys = schema['x-kubernetes-list-map-keys'];
    if (schema['x-kubernetes-list-type'] === 'map' && keys) {
      const seen = new Set<string>();
      for (const item of value) {
        const key = JSON.stringify(keys.map((k) => (item as Record<string, Json>)[k]));
        if (seen.has(key)) out.push(`${at}: duplicate entries with key ${key}`);
        seen.add(key);
      }
    }
    if (schema.items)
      value.forEach((item, i) =>
        out.push(...listMapViolations(schema.items as SchemaNode, item, `${at}[${i}]`)),
      );
  } else if (value !== null && typeof value === 'object') {
    for (const [name, child] of Object.entries(schema.properties ?? {})) {
      out.push(...listMapViolations(child, value[name], `${at}.${name}`));
    }
  }
  return out;
}

/** celViolations evaluates every x-kubernetes-validations rule that applies to VALUE. */
function celViolations(schema: SchemaNode, value: Json | undefined, at: string): string[] {
  if (value === undefined) return [];
  const out: string[] = [];
  for (const { rule, message } of schema['x-kubernetes-validations'] ?? []) {
    if (evaluate(rule, { self: value }) !== true) out.push(`${at}: ${message}`);
  }
  if (Array.isArray(value)) {
    if (schema.items)
      value.forEach((item, i) => out.push(...celViolations(schema.items as SchemaNode, item, `${at}[${i}]`)));
  } else if (value !== null && typeof value === 'object') {
    for (const [name, child] of Object.entries(schema.properties ?? {})) {
      out.push(...celViolations(child, value[name], `${at}.${name}`));
    }
  }
  return out;
}

/** presetErrors lists what the API server would reject in a preset (empty when it is accepted). */
function presetErrors(preset: Json): string[] {
  const obj = preset as { apiVersion?: string; kind?: string };
  if (obj.apiVersion !== API_VERSION) return [`apiVersion ${String(obj.apiVersion)}`];
  if (obj.kind !== 'PodPreset' && obj.kind !== 'ClusterPodPreset') return [`kind ${String(obj.kind)}`];
  const validate = validators[obj.kind];
  const schemaErrors = validate(preset)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
  if (schemaErrors.length > 0) return schemaErrors;
  const schema = schemaOf(obj.kind);
  return [...listMapViolations(schema, preset, '$'), ...celViolations(schema, preset, '$')];
}

const cases = loadVectors();
const presetsOf = (list: typeof cases) =>
  list.flatMap((c) => (c.presets as Json[]).map((preset, i) => ({ id: `${c.file} presets[${i}]`, preset })));
const casePresets = presetsOf(cases.filter((c) => !c.fromFiles));
// Names longer than the CRD allows, as only files can have them (docs/SPEC.md §1).
const fileOnlyPresets = presetsOf(cases.filter((c) => c.fromFiles));

const exampleFiles = presetFilesUnder(path.join(REPO_ROOT, 'examples', 'presets'));
const examplePresets = exampleFiles.flatMap((file) =>
  readYamlDocuments(file)
    .flatMap((doc) => {
      const d = doc as { kind?: string; items?: Json[] };
      return d.kind === 'List' ? (d.items ?? []) : [doc as Json];
    })
    .filter((doc) => {
      const kind = (doc as { kind?: string }).kind;
      return kind === 'PodPreset' || kind === 'ClusterPodPreset';
    })
    .map((preset, i) => ({ id: `${path.relative(REPO_ROOT, file)} #${i}`, preset })),
);

describe('the presets of the golden cases (test/cases)', () => {
  it('are found', () => {
    expect(casePresets.length).toBeGreaterThan(0);
  });

  it.each(casePresets)('$id is accepted by the CRD schema and its CEL rules', ({ preset }) => {
    expect(presetErrors(preset)).toEqual([]);
  });

  it.each(casePresets)('$id compiles: the webhook holds it to the CRD schema’s types too', ({ preset }) => {
    const parsed = parsePreset(preset);
    expect(parsed.ok ? [] : parsed.error).toEqual([]);
  });

  it.each(fileOnlyPresets)('$id (fromFiles) is refused by the CRD, as the case says', ({ preset }) => {
    expect(presetErrors(preset)).not.toEqual([]);
  });
});

describe('examples/presets', () => {
  it(`every preset found (${examplePresets.length} in ${exampleFiles.length} files) is accepted`, () => {
    const rejected = examplePresets.map(({ id, preset }) => ({ id, errors: presetErrors(preset) }));
    expect(rejected.filter((r) => r.errors.length > 0)).toEqual([]);
  });

  it('every preset compiles: the webhook holds it to the CRD schema’s types too', () => {
    const refused = examplePresets.map(({ id, preset }) => {
      const parsed = parsePreset(preset);
      return { id, problems: parsed.ok ? [] : parsed.error };
    });
    expect(refused.filter((r) => r.problems.length > 0)).toEqual([]);
  });
});

describe('values of the wrong type inside items (the probe’s presets)', () => {
  const probe = readYamlDocumentsOf(WRONG_TYPES_YAML, 'wrong-types.yaml') as Json[];

  it.each(probe.map((preset, i) => ({ i, preset })))(
    'preset #$i is refused by the CRD schema, as parsePreset refuses it',
    ({ preset }) => {
      expect(presetErrors(preset).join('\n')).toMatch(/must be (string|integer|object|boolean)/);
      expect(parsePreset(preset).ok).toBe(false);
    },
  );
});

function podPreset(spec: Json, name = 'db'): Json {
  return { apiVersion: API_VERSION, kind: 'PodPreset', metadata: { name, namespace: 'default' }, spec };
}
function clusterPodPreset(spec: Json, name = 'db'): Json {
  return { apiVersion: API_VERSION, kind: 'ClusterPodPreset', metadata: { name }, spec };
}
const ENV = [{ name: 'A', value: '1' }];

describe('what the CRDs accept', () => {
  it.each([
    { name: 'env only, no selector', preset: podPreset({ env: ENV }) },
    { name: 'envFrom only', preset: podPreset({ envFrom: [{ configMapRef: { name: 'cm' } }] }) },
    { name: 'a volume only', preset: podPreset({ volumes: [{ name: 'v', emptyDir: {} }] }) },
    {
      name: 'a mount of its own volume',
      preset: podPreset({
        volumes: [{ name: 'v', emptyDir: {} }],
        volumeMounts: [{ name: 'v', mountPath: '/v' }],
      }),
    },
    {
      name: 'every selector operator used right',
      preset: podPreset({
        selector: {
          matchLabels: { app: 'web' },
          matchExpressions: [
            { key: 'tier', operator: 'In', values: ['a'] },
            { key: 'env', operator: 'NotIn', values: ['dev'] },
            { key: 'team', operator: 'Exists' },
            { key: 'legacy', operator: 'DoesNotExist', values: [] },
          ],
        },
        env: ENV,
      }),
    },
    { name: 'a 53-character PodPreset name', preset: podPreset({ env: ENV }, 'p'.repeat(53)) },
    {
      name: 'a ClusterPodPreset with a namespaceSelector and a 46-character name',
      preset: clusterPodPreset(
        { namespaceSelector: { matchLabels: { team: 'a' } }, env: ENV },
        'c'.repeat(46),
      ),
    },
    {
      name: 'an int-or-string and newer volume sources',
      preset: podPreset({
        volumes: [
          { name: 'img', image: { reference: 'registry.example/data:1', pullPolicy: 'IfNotPresent' } },
          {
            name: 'tok',
            projected: { sources: [{ serviceAccountToken: { path: 't', expirationSeconds: 3600 } }] },
          },
        ],
        volumeMounts: [{ name: 'img', mountPath: '/data', readOnly: true, recursiveReadOnly: 'IfPossible' }],
      }),
    },
  ])('accepts $name', ({ preset }) => {
    expect(presetErrors(preset)).toEqual([]);
  });
});

describe('what the CRDs reject', () => {
  it.each([
    {
      name: 'an unknown selector operator',
      preset: podPreset({
        selector: { matchExpressions: [{ key: 'a', operator: 'Equals', values: ['x'] }] },
        env: ENV,
      }),
      error: 'operator must be one of In, NotIn, Exists, DoesNotExist',
    },
    {
      name: 'In without values',
      preset: podPreset({ selector: { matchExpressions: [{ key: 'a', operator: 'In' }] }, env: ENV }),
      error: 'values must be non-empty when operator is In or NotIn',
    },
    {
      name: 'NotIn with empty values',
      preset: podPreset({
        selector: { matchExpressions: [{ key: 'a', operator: 'NotIn', values: [] }] },
        env: ENV,
      }),
      error: 'values must be non-empty when operator is In or NotIn',
    },
    {
      name: 'Exists with values',
      preset: podPreset({
        selector: { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
        env: ENV,
      }),
      error: 'values must be empty when operator is Exists or DoesNotExist',
    },
    {
      name: 'a bad operator in a ClusterPodPreset namespaceSelector',
      preset: clusterPodPreset({
        namespaceSelector: { matchExpressions: [{ key: 'a', operator: 'DoesNotExist', values: ['x'] }] },
        env: ENV,
      }),
      error: 'values must be empty when operator is Exists or DoesNotExist',
    },
    {
      name: 'no injection field at all',
      preset: podPreset({ selector: { matchLabels: { a: 'b' } } }),
      error:
        'at least one of env, envFrom, volumes, volumeMounts, initContainers, containers, tolerations, nodeSelector or imagePullSecrets must be set',
    },
    {
      name: 'only empty injection lists',
      preset: podPreset({ env: [], envFrom: [], volumes: [], volumeMounts: [] }),
      error:
        'at least one of env, envFrom, volumes, volumeMounts, initContainers, containers, tolerations, nodeSelector or imagePullSecrets must be set',
    },
    {
      name: 'a mount of a volume the preset does not have',
      preset: podPreset({
        volumes: [{ name: 'v', emptyDir: {} }],
        volumeMounts: [{ name: 'w', mountPath: '/w' }],
      }),
      error: "every volumeMounts[].name must be the name of one of this preset's own volumes",
    },
    {
      name: 'a mount with no volumes at all',
      preset: podPreset({ volumeMounts: [{ name: 'w', mountPath: '/w' }] }),
      error: "every volumeMounts[].name must be the name of one of this preset's own volumes",
    },
    {
      name: 'a 54-character PodPreset name',
      preset: podPreset({ env: ENV }, 'p'.repeat(54)),
      error: 'metadata.name must be at most 53 characters',
    },
    {
      name: 'a 47-character ClusterPodPreset name',
      preset: clusterPodPreset({ env: ENV }, 'c'.repeat(47)),
      error: 'metadata.name must be at most 46 characters',
    },
    {
      name: 'two env entries with the same name',
      preset: podPreset({
        env: [
          { name: 'A', value: '1' },
          { name: 'A', value: '2' },
        ],
      }),
      error: 'duplicate entries with key ["A"]',
    },
    {
      name: 'an env entry without a name',
      preset: podPreset({ env: [{ value: '1' }] }),
      error: "must have required property 'name'",
    },
    {
      name: 'a volumeMount without a mountPath',
      preset: podPreset({ volumes: [{ name: 'v', emptyDir: {} }], volumeMounts: [{ name: 'v' }] }),
      error: "must have required property 'mountPath'",
    },
    {
      name: 'a selector with a non-string label value',
      preset: podPreset({ selector: { matchLabels: { a: 1 } }, env: ENV }),
      error: 'must be string',
    },
    {
      name: 'a volume name longer than a DNS label',
      preset: podPreset({ volumes: [{ name: 'v'.repeat(64), emptyDir: {} }] }),
      error: 'must NOT have more than 63 characters',
    },
    {
      name: 'a preset without spec',
      preset: { apiVersion: API_VERSION, kind: 'PodPreset', metadata: { name: 'x' } },
      error: "must have required property 'spec'",
    },
  ])('rejects $name', ({ preset, error }) => {
    const errors = presetErrors(preset);
    expect(
      errors.some((e) => e.includes(error)),
      errors.join('\n'),
    ).toBe(true);
  });
});

// `podpreset lint --presets DIR` in CI must not pass a preset that `kubectl apply` then refuses: a
// preset file is held to the CRD's bounds on lists (only the name length is exempt, §1).
describe('a preset past a bound of the CRD is refused by the CRD and, the same, in a file', () => {
  const many = <T>(count: number, make: (i: number) => T): T[] =>
    Array.from({ length: count }, (_, i) => make(i));
  const volume = { name: 'v', emptyDir: {} };
  it.each([
    {
      name: '257 env vars',
      spec: { env: many(257, (i) => ({ name: `V${i}`, value: '1' })) },
      problem: 'spec.env: must have at most 256 items',
    },
    {
      name: '65 tolerations',
      spec: { tolerations: many(65, (i) => ({ key: `k${i}`, operator: 'Exists' })) },
      problem: 'spec.tolerations: must have at most 64 items',
    },
    {
      name: '65 nodeSelector keys',
      spec: { nodeSelector: Object.fromEntries(many(65, (i) => [`k${i}`, 'v'])) },
      problem: 'spec.nodeSelector: must have at most 64 entries',
    },
    {
      name: '17 containers',
      spec: { containers: many(17, (i) => ({ name: `c${i}`, image: 'b' })) },
      problem: 'spec.containers: must have at most 16 items',
    },
    {
      name: 'an added container with 65 mounts',
      spec: {
        volumes: [volume],
        containers: [
          { name: 'c', image: 'b', volumeMounts: many(65, (i) => ({ name: 'v', mountPath: `/v${i}` })) },
        ],
      },
      problem: 'spec.containers[0].volumeMounts: must have at most 64 items',
    },
    {
      name: '65 name patterns',
      spec: { env: ENV, containerSelector: { names: many(65, (i) => `c${i}`) } },
      problem: 'spec.containerSelector.names: must have at most 64 patterns',
    },
    {
      name: '65 excluded patterns',
      spec: { env: ENV, containerSelector: { excludeNames: many(65, (i) => `c${i}`) } },
      problem: 'spec.containerSelector.excludeNames: must have at most 64 patterns',
    },
    {
      name: '65 matchExpressions',
      spec: {
        env: ENV,
        selector: { matchExpressions: many(65, (i) => ({ key: `k${i}`, operator: 'Exists' })) },
      },
      problem: 'spec.selector.matchExpressions: must have at most 64 requirements',
    },
    {
      name: '257 values in one requirement',
      spec: {
        env: ENV,
        selector: { matchExpressions: [{ key: 'k', operator: 'In', values: many(257, (i) => `v${i}`) }] },
      },
      problem: 'spec.selector.matchExpressions[0].values: must have at most 256 values',
    },
  ])('$name', ({ spec, problem }) => {
    const preset = podPreset(spec as unknown as Json);
    expect(presetErrors(preset)).not.toEqual([]);
    const parsed = parsePreset(preset);
    expect(parsed.ok ? [] : parsed.error).toContain(problem);
  });
});
