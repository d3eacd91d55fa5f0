import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CATEGORY,
  CLUSTER_POD_PRESET,
  GROUP,
  POD_PRESET,
  PRESET_RESOURCES,
  VERSION,
  type PresetResource,
} from '../../src/core/api.js';
import { RULES, crdFileName, renderCrdFiles, type SchemaNode } from '../../scripts/generate-crds.js';
import { REPO_ROOT, kustomizationOf, readYamlDocuments, yamlFilesIn, type KubeObject } from './load.js';
import { upstreamErrors } from './schemas.js';

const CRD_DIR = path.join(REPO_ROOT, 'crds');

interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  subresources?: { status?: object };
  additionalPrinterColumns?: { name: string; type: string; jsonPath: string; priority?: number }[];
  schema: { openAPIV3Schema: SchemaNode };
}

interface Crd extends KubeObject {
  spec: {
    group: string;
    scope: string;
    names: {
      kind: string;
      listKind: string;
      plural: string;
      singular: string;
      shortNames: string[];
      categories: string[];
    };
    versions: CrdVersion[];
  };
}

function committedCrd(resource: PresetResource): Crd {
  const docs = readYamlDocuments(path.join(CRD_DIR, crdFileName(resource)));
  expect(docs).toHaveLength(1);
  return docs[0] as Crd;
}

function onlyVersion(crd: Crd): CrdVersion {
  expect(crd.spec.versions).toHaveLength(1);
  return crd.spec.versions[0] as CrdVersion;
}

/**
 * structuralViolations lists where a schema is not structural in the API server's sense: every node
 * has a type (unless it is int-or-string or preserves unknown fields), no $ref, no properties next to
 * additionalProperties, arrays have items, anyOf only in the int-or-string form, list-map keys are
 * required properties of the items.
 */
function structuralViolations(node: SchemaNode, at: string): string[] {
  const raw = node as Record<string, unknown>;
  const out: string[] = [];
  const intOrString = node['x-kubernetes-int-or-string'] === true;
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  for (const forbidden of ['$ref', 'oneOf', 'allOf', 'not', 'definitions', 'nullable']) {
    if (forbidden in raw) out.push(`${at}: ${forbidden}`);
  }
  if (node.type === undefined && !intOrString && !preserve) out.push(`${at}: no type`);
  if (node.properties && node.additionalProperties) out.push(`${at}: properties and additionalProperties`);
  if (node.type === 'array' && !node.items) out.push(`${at}: array without items`);
  if (node.anyOf) {
    const types = node.anyOf.map((branch) => JSON.stringify(branch));
    if (!intOrString || types.join() !== '{"type":"integer"},{"type":"string"}') out.push(`${at}: anyOf`);
  }
  if (node['x-kubernetes-list-type'] === 'map') {
    for (const key of node['x-kubernetes-list-map-keys'] ?? []) {
      if (!node.items?.required?.includes(key)) out.push(`${at}: list-map key ${key} is not required`);
    }
  }
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    out.push(...structuralViolations(child, `${at}.${name}`));
  }
  if (node.items) out.push(...structuralViolations(node.items, `${at}[]`));
  if (node.additionalProperties) out.push(...structuralViolations(node.additionalProperties, `${at}{}`));
  return out;
}

function specOf(crd: Crd): SchemaNode {
  const spec = onlyVersion(crd).schema.openAPIV3Schema.properties?.spec;
  if (!spec) throw new Error('no spec schema');
  return spec;
}

describe.each([
  { resource: POD_PRESET, scope: 'Namespaced' },
  { resource: CLUSTER_POD_PRESET, scope: 'Cluster' },
])('$resource.kind CRD', ({ resource, scope }) => {
  const crd = committedCrd(resource);

  it('is exactly what scripts/generate-crds.ts generates (the committed file cannot drift)', () => {
    const generated = renderCrdFiles().get(crdFileName(resource));
    expect(generated).toBeDefined();
    expect(readFileSync(path.join(CRD_DIR, crdFileName(resource)), 'utf8')).toBe(generated);
  });

  it('validates against the upstream CustomResourceDefinition schema', () => {
    expect(upstreamErrors(crd)).toEqual([]);
  });

  it('has the group, names, scope, short name and category of src/core/api.ts', () => {
    expect(crd.metadata.name).toBe(`${resource.plural}.${GROUP}`);
    expect(crd.spec.group).toBe(GROUP);
    expect(crd.spec.scope).toBe(scope);
    expect(crd.spec.names).toEqual({
      kind: resource.kind,
      listKind: resource.listKind,
      plural: resource.plural,
      singular: resource.singular,
      shortNames: [resource.shortName],
      categories: [CATEGORY],
    });
  });

  it('has a category no resource name of either CRD shares (kubectl expands categories first)', () => {
    const names = Object.values(PRESET_RESOURCES).flatMap((r) => [
      r.plural,
      r.singular,
      r.shortName,
      r.kind.toLowerCase(),
    ]);
    for (const category of crd.spec.names.categories) expect(names).not.toContain(category);
  });

  it('serves and stores one version with a status subresource', () => {
    const version = onlyVersion(crd);
    expect(version).toMatchObject({
      name: VERSION,
      served: true,
      storage: true,
      subresources: { status: {} },
    });
  });

  it('prints the Ready condition, the conflict policy and the age in kubectl get', () => {
    const columns = onlyVersion(crd).additionalPrinterColumns ?? [];
    const defaults = columns.filter((c) => c.priority === undefined).map((c) => [c.name, c.jsonPath]);
    expect(defaults).toEqual([
      ['Ready', '.status.conditions[?(@.type=="Ready")].status'],
      ['Reason', '.status.conditions[?(@.type=="Ready")].reason'],
      ['Policy', '.spec.conflictPolicy'],
      ['Age', '.metadata.creationTimestamp'],
    ]);
    for (const column of columns) expect(column.jsonPath.startsWith('.')).toBe(true);
  });

  it('has a structural schema', () => {
    const root = onlyVersion(crd).schema.openAPIV3Schema;
    expect(structuralViolations(root, 'openAPIV3Schema')).toEqual([]);
  });

  it('restricts nothing in metadata but the name, by a CEL rule at the root', () => {
    const root = onlyVersion(crd).schema.openAPIV3Schema;
    expect(root.properties?.metadata).toEqual({ type: 'object' });
    expect(root['x-kubernetes-validations']).toEqual([RULES.name(resource.maxNameLength)]);
    expect(RULES.name(resource.maxNameLength).rule).toBe(
      `size(self.metadata.name) <= ${resource.maxNameLength}`,
    );
  });

  it('keeps env, volumes and volumeMounts as list-maps keyed by name, envFrom atomic', () => {
    const spec = specOf(crd);
    for (const field of ['env', 'volumes', 'volumeMounts']) {
      const list = spec.properties?.[field];
      expect(list, field).toMatchObject({
        type: 'array',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
      });
      expect(list?.maxItems, field).toBeGreaterThan(0);
    }
    expect(spec.properties?.envFrom?.['x-kubernetes-list-type']).toBe('atomic');
  });

  it('carries the full upstream schemas of the injected types, with descriptions', () => {
    const spec = specOf(crd);
    const env = spec.properties?.env?.items;
    expect(env?.required).toEqual(['name']);
    expect(Object.keys(env?.properties ?? {})).toEqual(['name', 'value', 'valueFrom']);
    expect(env?.properties?.valueFrom?.properties?.secretKeyRef?.required).toEqual(['key']);
    const volume = spec.properties?.volumes?.items;
    for (const source of [
      'configMap',
      'secret',
      'emptyDir',
      'projected',
      'downwardAPI',
      'csi',
      'ephemeral',
      'image',
    ]) {
      expect(volume?.properties?.[source]?.type, source).toBe('object');
    }
    expect(volume?.properties?.secret?.properties?.defaultMode).toMatchObject({
      type: 'integer',
      format: 'int32',
    });
    const mount = spec.properties?.volumeMounts?.items;
    expect(mount?.required).toEqual(['mountPath', 'name']);
    expect(mount?.properties?.recursiveReadOnly?.type).toBe('string');
    expect(spec.properties?.envFrom?.items?.properties?.configMapRef?.type).toBe('object');
    expect(env?.properties?.name?.description).toMatch(/environment variable/i);
    expect(volume?.description).toMatch(/Volume represents/);
  });

  it('validates selectors, injection fields and mount references with the CEL rules', () => {
    const spec = specOf(crd);
    expect(spec['x-kubernetes-validations']).toEqual([...RULES.spec]);
    const selectors = resource.namespaced ? ['selector'] : ['selector', 'namespaceSelector'];
    for (const field of selectors) {
      const requirement = spec.properties?.[field]?.properties?.matchExpressions?.items;
      expect(requirement?.['x-kubernetes-validations'], field).toEqual([...RULES.selectorRequirement]);
      expect(requirement?.required, field).toEqual(['key', 'operator']);
    }
  });

  it(`has a namespaceSelector only when cluster-scoped`, () => {
    expect('namespaceSelector' in (specOf(crd).properties ?? {})).toBe(!resource.namespaced);
  });

  it('has a status with Ready-style conditions keyed by type and an observedGeneration', () => {
    const status = onlyVersion(crd).schema.openAPIV3Schema.properties?.status;
    expect(status?.properties?.observedGeneration).toMatchObject({ type: 'integer', format: 'int64' });
    const conditions = status?.properties?.conditions;
    expect(conditions).toMatchObject({
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['type'],
    });
    expect(conditions?.items?.required).toEqual([
      'lastTransitionTime',
      'message',
      'reason',
      'status',
      'type',
    ]);
  });
});

describe('crds/kustomization.yaml', () => {
  it('lists every CRD file and nothing else', () => {
    const files = yamlFilesIn(CRD_DIR).filter((f) => f !== 'kustomization.yaml');
    expect([...(kustomizationOf(CRD_DIR).resources ?? [])].sort()).toEqual(files);
    expect(files.sort()).toEqual([...renderCrdFiles().keys()].sort());
  });
});
