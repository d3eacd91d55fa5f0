import { describe, expect, it } from 'vitest';
import type { ItemField } from '../../src/core/fields/index.js';
import { runPass } from '../../src/core/pass.js';
import type { PodSpec } from '../../src/core/types.js';
import { aPreset, compiled } from '../helpers/builders.js';

interface Row {
  name: string;
  existing: unknown[] | undefined;
  presets: Record<string, unknown[]>;
  added: unknown[];
  conflicts: string[];
}

/** One preset per entry of `presets`, each carrying only `field`, plus a volume so mounts are valid. */
function run(field: ItemField, row: Row) {
  const presets = Object.entries(row.presets).map(([name, items]) => {
    const volumes =
      field === 'volumeMounts'
        ? [...new Set(items.map((m) => (m as { name: string }).name))].map((n) => ({ name: n, emptyDir: {} }))
        : undefined;
    return compiled(aPreset(name, { [field]: items, ...(volumes ? { volumes } : {}) }));
  });
  const spec =
    field === 'volumes'
      ? { containers: [{ name: 'app' }], volumes: row.existing }
      : { containers: [{ name: 'app', [field]: row.existing }] };
  const pass = runPass(spec as PodSpec, presets);
  const state =
    field === 'volumes' ? pass.lists.podState(field) : pass.lists.containerState(pass.lists.own[0]!, field);
  return { added: state?.added ?? [], conflicts: pass.conflicts };
}

function check(field: ItemField, row: Row): void {
  const before = structuredClone(row.existing);
  const result = run(field, row);
  expect(result.added.map((item) => item.value)).toEqual(row.added);
  expect(result.conflicts.map((c) => c.message)).toEqual(row.conflicts);
  expect(row.existing).toEqual(before);
}

describe('the merge pass, env', () => {
  it.each<Row>([
    {
      name: 'appends to an empty list',
      existing: undefined,
      presets: { a: [{ name: 'A', value: '1' }] },
      added: [{ name: 'A', value: '1' }],
      conflicts: [],
    },
    {
      name: 'keeps preset order after the pod items',
      existing: [{ name: 'P', value: 'p' }],
      presets: {
        a: [
          { name: 'B', value: '2' },
          { name: 'A', value: '1' },
        ],
      },
      added: [
        { name: 'B', value: '2' },
        { name: 'A', value: '1' },
      ],
      conflicts: [],
    },
    {
      name: 'identical duplicate is not a conflict',
      existing: [{ name: 'A', value: '1' }],
      presets: { a: [{ name: 'A', value: '1' }] },
      added: [],
      conflicts: [],
    },
    {
      name: 'same name, other value conflicts with the pod',
      existing: [{ name: 'A', value: '1' }],
      presets: { a: [{ name: 'A', value: '2' }] },
      added: [],
      conflicts: ['PodPreset "a" conflicts with the pod on env var "A" in container "app"'],
    },
    {
      name: 'value and valueFrom under one name conflict',
      existing: [{ name: 'A', value: '1' }],
      presets: { a: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] },
      added: [],
      conflicts: ['PodPreset "a" conflicts with the pod on env var "A" in container "app"'],
    },
    {
      name: 'two presets with the same item add it once',
      existing: [],
      presets: { a: [{ name: 'A', value: '1' }], b: [{ name: 'A', value: '1' }] },
      added: [{ name: 'A', value: '1' }],
      conflicts: [],
    },
    {
      name: 'two presets with different values conflict with each other',
      existing: [],
      presets: { a: [{ name: 'A', value: '1' }], b: [{ name: 'A', value: '2' }] },
      added: [{ name: 'A', value: '1' }],
      conflicts: ['PodPreset "b" conflicts with PodPreset "a" on env var "A" in container "app"'],
    },
    {
      name: 'defaulted pod item equals the undefaulted preset item',
      existing: [{ name: 'A', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } }],
      presets: { a: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] },
      added: [],
      conflicts: [],
    },
  ])('$name', (row) => check('env', row));
});

describe('the merge pass, volumeMounts (keyed by name and by mountPath)', () => {
  it.each<Row>([
    {
      name: 'appends a new mount',
      existing: [{ name: 'p', mountPath: '/p' }],
      presets: { a: [{ name: 'v', mountPath: '/v' }] },
      added: [{ name: 'v', mountPath: '/v' }],
      conflicts: [],
    },
    {
      name: 'identical mount is skipped',
      existing: [{ name: 'v', mountPath: '/v', readOnly: false }],
      presets: { a: [{ name: 'v', mountPath: '/v' }] },
      added: [],
      conflicts: [],
    },
    {
      name: 'same mountPath, other volume conflicts',
      existing: [{ name: 'cache', mountPath: '/cache' }],
      presets: { a: [{ name: 'other', mountPath: '/cache' }] },
      added: [],
      conflicts: [
        'PodPreset "a" conflicts with the pod on volumeMount mountPath "/cache" in container "app"',
      ],
    },
    {
      name: 'same name, other mountPath conflicts',
      existing: [{ name: 'v', mountPath: '/a' }],
      presets: { a: [{ name: 'v', mountPath: '/b' }] },
      added: [],
      conflicts: ['PodPreset "a" conflicts with the pod on volumeMount name "v" in container "app"'],
    },
    {
      name: 'same name and path, other readOnly conflicts once',
      existing: [{ name: 'v', mountPath: '/v' }],
      presets: { a: [{ name: 'v', mountPath: '/v', readOnly: true }] },
      added: [],
      conflicts: ['PodPreset "a" conflicts with the pod on volumeMount name "v" in container "app"'],
    },
    {
      name: 'clashing with two pod mounts reports both',
      existing: [
        { name: 'v', mountPath: '/a' },
        { name: 'w', mountPath: '/b' },
      ],
      presets: { a: [{ name: 'v', mountPath: '/b' }] },
      added: [],
      conflicts: [
        'PodPreset "a" conflicts with the pod on volumeMount name "v" in container "app"',
        'PodPreset "a" conflicts with the pod on volumeMount mountPath "/b" in container "app"',
      ],
    },
    {
      name: 'two presets mounting at one path conflict',
      existing: undefined,
      presets: { a: [{ name: 'v', mountPath: '/x' }], b: [{ name: 'w', mountPath: '/x' }] },
      added: [{ name: 'v', mountPath: '/x' }],
      conflicts: [
        'PodPreset "b" conflicts with PodPreset "a" on volumeMount mountPath "/x" in container "app"',
      ],
    },
  ])('$name', (row) => check('volumeMounts', row));
});

describe('the merge pass, volumes', () => {
  it.each<Row>([
    {
      name: 'appends a new volume',
      existing: [{ name: 'p', emptyDir: {} }],
      presets: { a: [{ name: 'v', emptyDir: {} }] },
      added: [{ name: 'v', emptyDir: {} }],
      conflicts: [],
    },
    {
      name: 'defaulted secret volume is the same volume',
      existing: [{ name: 'v', secret: { secretName: 's', defaultMode: 420 } }],
      presets: { a: [{ name: 'v', secret: { secretName: 's' } }] },
      added: [],
      conflicts: [],
    },
    {
      name: 'same name, other source conflicts',
      existing: [{ name: 'v', emptyDir: {} }],
      presets: { a: [{ name: 'v', configMap: { name: 'c' } }] },
      added: [],
      conflicts: ['PodPreset "a" conflicts with the pod on volume "v"'],
    },
  ])('$name', (row) => check('volumes', row));
});

describe('the merge pass, envFrom (keyed by prefix, configMapRef.name, secretRef.name)', () => {
  it.each<Row>([
    {
      name: 'appends a new source',
      existing: undefined,
      presets: { a: [{ configMapRef: { name: 'c' } }] },
      added: [{ configMapRef: { name: 'c' } }],
      conflicts: [],
    },
    {
      name: 'the same source is not appended twice (reinvocation)',
      existing: [{ configMapRef: { name: 'c' } }],
      presets: { a: [{ configMapRef: { name: 'c' } }] },
      added: [],
      conflicts: [],
    },
    {
      name: 'same ConfigMap under another prefix is another source',
      existing: [{ configMapRef: { name: 'c' } }],
      presets: { a: [{ prefix: 'X_', configMapRef: { name: 'c' } }] },
      added: [{ prefix: 'X_', configMapRef: { name: 'c' } }],
      conflicts: [],
    },
    {
      name: 'same key, other optional conflicts (the in-tree check pass missed this)',
      existing: [{ secretRef: { name: 's' } }],
      presets: { a: [{ secretRef: { name: 's', optional: true } }] },
      added: [],
      conflicts: ['PodPreset "a" conflicts with the pod on envFrom secretRef "s" in container "app"'],
    },
    {
      name: 'a Secret and a ConfigMap of one name are different sources',
      existing: [{ secretRef: { name: 'n' } }],
      presets: { a: [{ configMapRef: { name: 'n' } }] },
      added: [{ configMapRef: { name: 'n' } }],
      conflicts: [],
    },
  ])('$name', (row) => check('envFrom', row));
});

it('the pass touches no list of a field no preset carries', () => {
  const preset = compiled(aPreset('a', { env: [{ name: 'A', value: '1' }] }));
  const pass = runPass({ containers: [{ name: 'app' }], volumes: [{ name: 'x', emptyDir: {} }] }, [preset]);
  expect(pass.lists.podState('volumes')).toBeUndefined();
  expect(pass.conflicts).toEqual([]);
});
