/**
 * The in-repo kustomize loader on small kustomizations written for the test: what it does with
 * `namespace:` and replacements, and that what it does not implement throws instead of passing
 * through (the real renders are compared with `kubectl kustomize` by test/kubectl/).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { find, kustomize, type KubeObject } from './load.js';

const root = mkdtempSync(path.join(tmpdir(), 'podpreset-load-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;

/** write makes a directory with FILES (name → YAML documents or a kustomization) and returns it. */
function write(files: Record<string, unknown>): string {
  const dir = path.join(root, `k${counter++}`);
  mkdirSync(dir);
  for (const [name, content] of Object.entries(files)) {
    const docs = Array.isArray(content) ? content : [content];
    writeFileSync(path.join(dir, name), docs.map((d) => stringify(d)).join('---\n'));
  }
  return dir;
}

const serviceAccount = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa' } };
const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc', namespace: 'old' } };
const binding = (subject: object) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name: 'b' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'r' },
  subjects: [subject],
});
const replacements = (replacement: object) => ({
  apiVersion: 'builtin',
  kind: 'ReplacementTransformer',
  metadata: { name: 'r' },
  replacements: [replacement],
});
const fromService = { kind: 'Service', name: 'svc', fieldPath: 'metadata.namespace' };

describe('namespace:', () => {
  it('moves namespaced objects, renames the Namespace, and fills in the ServiceAccount subjects at the end', () => {
    const objects = kustomize(
      write({
        'kustomization.yaml': { namespace: 'new', resources: ['objects.yaml'] },
        'objects.yaml': [
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'old' } },
          serviceAccount,
          binding({ kind: 'ServiceAccount', name: 'sa' }),
        ],
      }),
    );
    expect(find(objects, 'Namespace').metadata.name).toBe('new');
    expect(find(objects, 'ServiceAccount').metadata.namespace).toBe('new');
    expect(find(objects, 'ClusterRoleBinding').metadata.namespace).toBeUndefined();
    expect((find(objects, 'ClusterRoleBinding') as KubeObject & { subjects: unknown }).subjects).toEqual([
      { kind: 'ServiceAccount', name: 'sa', namespace: 'new' },
    ]);
  });

  it('refuses a kind it does not know to be namespaced or not', () => {
    const dir = write({
      'kustomization.yaml': { namespace: 'new', resources: ['objects.yaml'] },
      'objects.yaml': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
    });
    expect(() => kustomize(dir)).toThrow(/does not know whether kustomize namespaces this kind/);
  });

  it('refuses a subject that is not a ServiceAccount (kustomize would move it like one)', () => {
    const dir = write({
      'kustomization.yaml': { resources: ['objects.yaml'] },
      'objects.yaml': [serviceAccount, binding({ kind: 'User', name: 'sa' })],
    });
    expect(() => kustomize(dir)).toThrow(/only ServiceAccount subjects/);
  });
});

describe('transformers: ReplacementTransformer', () => {
  const build = (replacement: object, objects: object[]) => {
    const transformer = write({
      'kustomization.yaml': { resources: ['r.yaml'] },
      'r.yaml': replacements(replacement),
    });
    return kustomize(
      write({
        'kustomization.yaml': { resources: ['objects.yaml'], transformers: [transformer] },
        'objects.yaml': objects,
      }),
    );
  };
  const webhook = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: { name: 'w', annotations: { 'example.com/ref': 'x/cert' } },
    webhooks: [
      { name: 'a.example.com', namespaceSelector: { matchExpressions: [{ key: 'k', values: ['a', 'b'] }] } },
    ],
  };

  it('copies the source into list elements by [field=value] and index, and into a delimited part', () => {
    const objects = build(
      {
        source: fromService,
        targets: [
          {
            select: { kind: 'MutatingWebhookConfiguration' },
            fieldPaths: ['webhooks.[name=a.example.com].namespaceSelector.matchExpressions.[key=k].values.1'],
          },
          {
            select: { annotationSelector: 'example.com/ref' },
            fieldPaths: ['metadata.annotations.[example.com/ref]'],
            options: { delimiter: '/', index: 0 },
          },
        ],
      },
      [service, webhook],
    );
    expect(find(objects, 'MutatingWebhookConfiguration')).toMatchObject({
      metadata: { annotations: { 'example.com/ref': 'old/cert' } },
      webhooks: [{ namespaceSelector: { matchExpressions: [{ values: ['a', 'old'] }] } }],
    });
  });

  it('creates a missing field only with create, and skips targets that select nothing', () => {
    const objects = build(
      {
        source: fromService,
        targets: [
          {
            select: { kind: 'ServiceAccount' },
            fieldPaths: ['metadata.namespace'],
            options: { create: true },
          },
          { select: { kind: 'Certificate' }, fieldPaths: ['spec.dnsNames.0'] },
        ],
      },
      [service, serviceAccount],
    );
    expect(find(objects, 'ServiceAccount').metadata.namespace).toBe('old');
  });

  it.each([
    {
      problem: 'a missing target field without create',
      replacement: {
        source: fromService,
        targets: [{ select: { kind: 'ServiceAccount' }, fieldPaths: ['spec.x'] }],
      },
      error: /unable to find field "spec.x"/,
    },
    {
      problem: 'a source that selects nothing',
      replacement: { source: { kind: 'Secret', name: 's' }, targets: [] },
      error: /source selects 0 objects/,
    },
    {
      problem: 'reject',
      replacement: {
        source: fromService,
        targets: [
          { select: { kind: 'ServiceAccount' }, reject: [{ name: 'x' }], fieldPaths: ['metadata.name'] },
        ],
      },
      error: /unsupported field reject/,
    },
    {
      problem: 'source options',
      replacement: { source: { ...fromService, options: { delimiter: '.' } }, targets: [] },
      error: /unsupported field options/,
    },
    {
      problem: 'a wildcard in a field path',
      replacement: {
        source: fromService,
        targets: [{ select: { kind: 'ServiceAccount' }, fieldPaths: ['metadata.*'] }],
      },
      error: /\* in a fieldPath is not supported/,
    },
  ])('refuses $problem', ({ replacement, error }) => {
    expect(() => build(replacement, [service, serviceAccount])).toThrow(error);
  });

  it('refuses any other transformer and any other kustomization field', () => {
    const prefix = write({
      'kustomization.yaml': { resources: ['p.yaml'] },
      'p.yaml': {
        apiVersion: 'builtin',
        kind: 'PrefixSuffixTransformer',
        metadata: { name: 'p' },
        prefix: 'x-',
      },
    });
    const objects = write({ 'objects.yaml': serviceAccount });
    writeFileSync(
      path.join(objects, 'kustomization.yaml'),
      stringify({ resources: ['objects.yaml'], transformers: [prefix] }),
    );
    expect(() => kustomize(objects)).toThrow(/only a builtin ReplacementTransformer/);
    writeFileSync(
      path.join(objects, 'kustomization.yaml'),
      stringify({ resources: ['objects.yaml'], namePrefix: 'x-' }),
    );
    expect(() => kustomize(objects)).toThrow(/unsupported field namePrefix/);
  });
});
