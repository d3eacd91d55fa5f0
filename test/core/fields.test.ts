import { describe, expect, it } from 'vitest';
import { CLUSTER_POD_PRESET, POD_PRESET } from '../../src/core/api.js';
import {
  CONTAINER_FIELDS,
  FIELDS,
  FIELD_NAMES,
  POD_FIELDS,
  fieldOf,
  keyItem,
  type ItemField,
} from '../../src/core/fields/index.js';
import { parsePreset } from '../../src/core/preset.js';
import { podShapeProblems } from '../../src/core/workloads.js';
import { crdFor, type SchemaNode } from '../../scripts/generate-crds.js';

/** One valid item of each field, as a preset would carry it. */
const SAMPLES: Record<ItemField, Record<string, unknown>> = {
  env: { name: 'DB_HOST', value: 'db' },
  envFrom: { prefix: 'APP_', configMapRef: { name: 'app' } },
  volumes: { name: 'cache', emptyDir: {} },
  volumeMounts: { name: 'cache', mountPath: '/cache' },
  initContainers: { name: 'fetch', image: 'busybox:1.36.1', restartPolicy: 'Always' },
  containers: { name: 'tail', image: 'busybox:1.36.1', args: ['tail'] },
  tolerations: { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
  nodeSelector: { key: 'accelerator', value: 'nvidia-a100' },
  imagePullSecrets: { name: 'registry' },
};

/** The spec value of a field holding one sample item. */
const specValue = (name: ItemField): unknown =>
  name === 'nodeSelector'
    ? { [String(SAMPLES.nodeSelector.key)]: SAMPLES.nodeSelector.value }
    : [SAMPLES[name]];

const specOf = (resource: typeof POD_PRESET): SchemaNode => {
  const versions = (
    crdFor(resource)['spec'] as { versions: Array<{ schema: { openAPIV3Schema: SchemaNode } }> }
  ).versions;
  return versions[0]!.schema.openAPIV3Schema.properties!['spec']!;
};

describe('field descriptors: one place per injectable field', () => {
  it('every field is either pod-level or container-level, and named once', () => {
    expect([...POD_FIELDS, ...CONTAINER_FIELDS].sort()).toEqual([...FIELD_NAMES].sort());
    expect(new Set(FIELD_NAMES).size).toBe(FIELD_NAMES.length);
  });

  it.each(FIELDS.map((field) => [field.name, field] as const))(
    '%s: a sample item is valid, keyed by the ids the merge looks up, and normalised to itself twice',
    (name, field) => {
      const item = SAMPLES[name];
      expect(field.check(item, 'at')).toEqual([]);
      const keyed = keyItem(name, item);
      expect(keyed.keys.map((key) => key.id)).toEqual(field.ids(item));
      expect(field.normalize(keyed.normalized)).toEqual(keyed.normalized);
      expect(JSON.parse(keyed.json)).toEqual(item);
      for (const key of keyed.keys) expect(field.label(key, item)).toMatch(/\S/);
    },
  );

  it.each([POD_PRESET, CLUSTER_POD_PRESET])(
    'the $kind CRD schema has every field from its descriptor',
    (resource) => {
      const spec = specOf(resource);
      for (const field of FIELDS) {
        const schema = spec.properties?.[field.name];
        expect(schema?.['x-kubernetes-list-type'], field.name).toBe(field.schema.listType);
        const bound = field.shape === 'map' ? schema?.maxProperties : schema?.maxItems;
        expect(bound, field.name).toBe(field.schema.maxItems);
        expect(schema?.description, field.name).toBe(field.schema.description);
      }
    },
  );

  it.each(CONTAINER_FIELDS.map((name) => [name] as const))(
    '%s: its CRD description says containerSelector narrows the containers it goes to',
    (name) => {
      const { description } = FIELDS.find((field) => field.name === name)!.schema;
      expect(description).toContain('containerSelector');
      expect(description).not.toMatch(/every container/);
    },
  );

  it.each([
    ['env', { name: 'A', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1 core' } } }],
    ['volumes', { name: 'v', emptyDir: { sizeLimit: '1 GB' } }],
    ['containers', { name: 'c', image: 'c:1', resources: { requests: { memory: 'lots' } } }],
  ] as const)('%s: its descriptor checks the quantities an item holds', (name, item) => {
    const problems = FIELDS.find((field) => field.name === name)!.check(item, 'at');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^at\.\S+: must be a quantity such as 128Mi, 1G or 500m$/);
  });

  it.each(FIELDS.map((field) => [field.name] as const))(
    '%s: a preset is parsed with it, and a wrong shape is refused naming the field',
    (name) => {
      const spec = {
        [name]: specValue(name),
        ...(name === 'volumeMounts' ? { volumes: [SAMPLES.volumes] } : {}),
      };
      const preset = {
        apiVersion: 'podpreset.dev/v1alpha1',
        kind: 'PodPreset',
        metadata: { name: 'p', namespace: 'n' },
      };
      const parsed = parsePreset({ ...preset, spec });
      expect(parsed.ok && parsed.value.items[name].map((item) => item.value)).toEqual([SAMPLES[name]]);
      const bad = parsePreset({ ...preset, spec: { ...spec, [name]: 'nope' } });
      const shape =
        FIELDS.find((field) => field.name === name)!.shape === 'map' ? 'a map of strings' : 'a list';
      expect(bad.ok ? [] : bad.error).toContain(`spec.${name}: must be ${shape}`);
    },
  );

  it.each(POD_FIELDS.map((name) => [name] as const))(
    '%s: a pod holding it in the wrong shape is a malformed pod, not a member to overwrite',
    (name) => {
      const shape = fieldOf(name).shape === 'map' ? 'a map of strings' : 'a list';
      const wrongs =
        shape === 'a list' ? ['mysecret', { key: 'a' }] : ['mysecret', ['disk=ssd'], { pool: 5 }];
      for (const wrong of wrongs) {
        expect(podShapeProblems({ spec: { containers: [{ name: 'app' }], [name]: wrong } })).toEqual([
          `spec.${name}: must be ${shape}`,
        ]);
      }
      expect(podShapeProblems({ spec: { containers: [{ name: 'app' }], [name]: null } })).toEqual([]);
    },
  );

  it.each(CONTAINER_FIELDS.map((name) => [name] as const))(
    '%s: a container holding it as a non-list is a malformed pod',
    (name) => {
      expect(podShapeProblems({ spec: { containers: [{ name: 'app', [name]: {} }] } })).toEqual([
        `spec.containers[0].${name}: must be a list`,
      ]);
    },
  );
});
