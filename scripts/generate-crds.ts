/**
 * Generates crds/*.yaml: the PodPreset and ClusterPodPreset CustomResourceDefinitions.
 *
 * The schemas of the Kubernetes types a preset carries (LabelSelector, EnvVar, EnvFromSource, Volume,
 * VolumeMount, and metav1.Condition for status) are not typed by hand: they are read from
 * `@kubernetes/client-node`, whose models are generated from the upstream Kubernetes OpenAPI document
 * (v1.34.0 for client-node 1.4.0). Each model class exports its attribute type map (property names,
 * types, formats) at run time; its declaration file carries the upstream descriptions and which
 * properties are required. Both are turned into a structural schema here.
 *
 * Run with `npm run generate:crds` (compiles scripts/ with tsc, then runs this file with node).
 * test/manifests/crds.test.ts regenerates in memory and compares with the committed files.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as k8s from '@kubernetes/client-node';
import ts from 'typescript';
import { stringify } from 'yaml';
import {
  CATEGORY,
  CLUSTER_POD_PRESET,
  GROUP,
  POD_PRESET,
  VERSION,
  type PresetResource,
} from '../src/core/api.js';
import { FIELDS, type FieldDescriptor } from '../src/core/fields/index.js';

/** A JSON-schema node as a CRD's openAPIV3Schema holds it. */
export interface SchemaNode {
  description?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode;
  items?: SchemaNode;
  required?: string[];
  anyOf?: SchemaNode[];
  maxItems?: number;
  maxLength?: number;
  'x-kubernetes-int-or-string'?: true;
  'x-kubernetes-preserve-unknown-fields'?: true;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-validations'?: { rule: string; message: string }[];
}

interface Attribute {
  name: string;
  baseName: string;
  type: string;
  format: string;
}

interface ModelDoc {
  description: string | undefined;
  properties: Map<string, { description: string | undefined; optional: boolean }>;
}

const SOURCE_PACKAGE = '@kubernetes/client-node';
/** Formats the API server knows for CRDs; anything else the source carries is dropped. */
const KEPT_FORMATS = new Set(['int32', 'int64', 'float', 'double', 'byte', 'date-time']);

const requireFromHere = createRequire(import.meta.url);

/** sourcePackageVersion reads the exact version of the package the schemas come from. */
export function sourcePackageVersion(): string {
  const pkgPath = path.join(modelsDir(), '..', '..', '..', 'package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { name: string; version: string };
  return pkg.version;
}

function modelsDir(): string {
  return path.join(path.dirname(requireFromHere.resolve(SOURCE_PACKAGE)), 'gen', 'models');
}

/** upstreamOpenApiVersion reads the Kubernetes OpenAPI version the models were generated from. */
export function upstreamOpenApiVersion(): string {
  const text = readFileSync(path.join(modelsDir(), 'V1EnvVar.d.ts'), 'utf8');
  const match = /OpenAPI spec version: (v[0-9.]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no OpenAPI spec version in ${SOURCE_PACKAGE} models`);
  return match[1];
}

function attributesOf(model: string): Attribute[] {
  const cls = (k8s as unknown as Record<string, unknown>)[model] as
    { getAttributeTypeMap?: () => Attribute[] } | undefined;
  if (typeof cls?.getAttributeTypeMap !== 'function') {
    throw new Error(`${SOURCE_PACKAGE} has no model ${model}`);
  }
  return cls.getAttributeTypeMap();
}

/** The generator escapes quotes in descriptions (`\'`, `\"`); undo that and trim. */
function cleanDescription(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const cleaned = text.replace(/\\(['"\\])/g, '$1').trim();
  return cleaned.length > 0 ? cleaned : undefined;
}

const docCache = new Map<string, ModelDoc>();

function docOf(model: string): ModelDoc {
  const cached = docCache.get(model);
  if (cached) return cached;
  const file = path.join(modelsDir(), `${model}.d.ts`);
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  let doc: ModelDoc | undefined;
  source.forEachChild((node) => {
    if (!ts.isClassDeclaration(node) || node.name?.text !== model) return;
    const properties = new Map<string, { description: string | undefined; optional: boolean }>();
    for (const member of node.members) {
      if (!ts.isPropertyDeclaration(member) || !ts.isStringLiteral(member.name)) continue;
      properties.set(member.name.text, {
        description: jsDocText(member),
        optional: member.questionToken !== undefined,
      });
    }
    doc = { description: jsDocText(node), properties };
  });
  if (!doc) throw new Error(`no class ${model} in ${file}`);
  docCache.set(model, doc);
  return doc;
}

function jsDocText(node: ts.Node): string | undefined {
  const parts = ts
    .getJSDocCommentsAndTags(node)
    .filter(ts.isJSDoc)
    .map((d) => ts.getTextOfJSDocComment(d.comment) ?? '');
  return cleanDescription(parts.join('\n'));
}

/** modelSchema converts one client-node model, and everything it references, to a structural schema. */
export function modelSchema(model: string, seen: readonly string[] = []): SchemaNode {
  if (seen.includes(model)) throw new Error(`recursive type ${[...seen, model].join(' -> ')}`);
  const doc = docOf(model);
  const properties: Record<string, SchemaNode> = {};
  const required: string[] = [];
  for (const attr of attributesOf(model)) {
    const propDoc = doc.properties.get(attr.name);
    if (!propDoc) throw new Error(`${model}.${attr.name} has no declaration`);
    const node = typeSchema(attr.type, attr.format, [...seen, model]);
    properties[attr.baseName] = withDescription(node, propDoc.description);
    if (!propDoc.optional) required.push(attr.baseName);
  }
  return {
    ...(doc.description ? { description: doc.description } : {}),
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
  };
}

function withDescription(node: SchemaNode, description: string | undefined): SchemaNode {
  if (!description) return node;
  const { description: _own, ...rest } = node;
  return { description, ...rest };
}

const ARRAY = /^Array<(.+)>$/;
const MAP = /^\{ \[key: string\]: (.+); \}$/;

function typeSchema(type: string, format: string, seen: readonly string[]): SchemaNode {
  const kept = KEPT_FORMATS.has(format) ? { format } : {};
  const array = ARRAY.exec(type);
  if (array?.[1]) return { type: 'array', items: typeSchema(array[1], '', seen) };
  const map = MAP.exec(type);
  if (map?.[1]) return { type: 'object', additionalProperties: typeSchema(map[1], '', seen) };
  switch (type) {
    case 'string':
      return { type: 'string', ...kept };
    case 'boolean':
      return { type: 'boolean' };
    case 'number':
      return format === 'int32' || format === 'int64'
        ? { type: 'integer', format }
        : { type: 'number', ...kept };
    case 'Date':
      return { type: 'string', format: 'date-time' };
    case 'IntOrString':
      return {
        'x-kubernetes-int-or-string': true,
        anyOf: [{ type: 'integer' }, { type: 'string' }],
      };
    case 'any':
      // Free-form JSON in the upstream schema (for example metav1.FieldsV1).
      return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    default:
      if (/^[A-Z]\w*$/.test(type)) return modelSchema(type, seen);
      throw new Error(`unsupported type ${type} in ${seen.join(' -> ')}`);
  }
}

// Bounds for the lists the CEL rules iterate: the API server estimates a rule's cost from them and
// rejects a CRD whose rules could cost too much on a large object. Each field's own bounds are in
// its descriptor (src/core/fields/).
export const MAX_MATCH_EXPRESSIONS = 64;
export const MAX_SELECTOR_VALUES = 256;

const FIELD_NAMES = FIELDS.map((field) => field.name);

/** The CEL rules the CRDs carry, by the schema node they sit on. */
export const RULES = {
  selectorRequirement: [
    {
      rule: "self.operator in ['In', 'NotIn', 'Exists', 'DoesNotExist']",
      message: 'operator must be one of In, NotIn, Exists, DoesNotExist',
    },
    {
      rule: "!(self.operator in ['In', 'NotIn']) || (has(self.values) && size(self.values) > 0)",
      message: 'values must be non-empty when operator is In or NotIn',
    },
    {
      rule: "!(self.operator in ['Exists', 'DoesNotExist']) || !has(self.values) || size(self.values) == 0",
      message: 'values must be empty when operator is Exists or DoesNotExist',
    },
  ],
  spec: [
    {
      rule: FIELD_NAMES.map((field) => `(has(self.${field}) && size(self.${field}) > 0)`).join(' || '),
      message: `at least one of ${FIELD_NAMES.slice(0, -1).join(', ')} or ${FIELD_NAMES.at(-1)} must be set`,
    },
    {
      rule:
        '!has(self.volumeMounts) || self.volumeMounts.all(m, has(self.volumes) && ' +
        'self.volumes.exists(v, v.name == m.name))',
      message: "every volumeMounts[].name must be the name of one of this preset's own volumes",
    },
  ],
  name: (maxLength: number) => ({
    rule: `size(self.metadata.name) <= ${maxLength}`,
    message: `metadata.name must be at most ${maxLength} characters (the applied annotation key must stay valid)`,
  }),
} as const;

function selectorSchema(description: string): SchemaNode {
  const selector = withDescription(modelSchema('V1LabelSelector'), description);
  const expressions = selector.properties?.matchExpressions;
  const requirement = expressions?.items;
  const values = requirement?.properties?.values;
  if (!expressions || !requirement || !values) throw new Error('unexpected LabelSelector shape');
  expressions.maxItems = MAX_MATCH_EXPRESSIONS;
  expressions['x-kubernetes-list-type'] = 'atomic';
  values.maxItems = MAX_SELECTOR_VALUES;
  values['x-kubernetes-list-type'] = 'atomic';
  requirement['x-kubernetes-validations'] = [...RULES.selectorRequirement];
  return selector;
}

/** fieldSchema is the schema of one injectable field, from its descriptor's upstream model. */
function fieldSchema({ schema }: FieldDescriptor): SchemaNode {
  const items = modelSchema(schema.model);
  if (schema.maxNameLength !== undefined) {
    const name = items.properties?.name;
    if (!name) throw new Error(`${schema.model}: expected a name property`);
    name.maxLength = schema.maxNameLength;
  }
  return {
    description: schema.description,
    type: 'array',
    maxItems: schema.maxItems,
    'x-kubernetes-list-type': schema.listType,
    ...(schema.listType === 'map' ? { 'x-kubernetes-list-map-keys': ['name'] } : {}),
    items,
  };
}

function specSchema(resource: PresetResource): SchemaNode {
  const properties: Record<string, SchemaNode> = {
    selector: selectorSchema(
      'Which Pods get this preset, by their labels. matchLabels and every matchExpression are ANDed. ' +
        'Omitted or {} matches every Pod' +
        (resource.namespaced ? ' in the preset’s namespace.' : ' in the selected namespaces.'),
    ),
  };
  if (!resource.namespaced) {
    properties.namespaceSelector = selectorSchema(
      'Which namespaces this ClusterPodPreset applies to, by the labels of the namespace (every namespace ' +
        'carries kubernetes.io/metadata.name). Omitted or {} selects every namespace.',
    );
  }
  for (const field of FIELDS) properties[field.name] = fieldSchema(field);
  return {
    description: `What a ${resource.kind} injects and into which Pods.`,
    type: 'object',
    properties,
    'x-kubernetes-validations': [...RULES.spec],
  };
}

function statusSchema(resource: PresetResource): SchemaNode {
  return {
    description: `The observed state of the ${resource.kind}, written by the webhook (one elected replica).`,
    type: 'object',
    properties: {
      conditions: {
        description:
          'Ready is True when the preset is valid and in use; False with a reason and message when not.',
        type: 'array',
        maxItems: 16,
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['type'],
        items: modelSchema('V1Condition'),
      },
      observedGeneration: {
        description: 'The metadata.generation the conditions were computed for.',
        type: 'integer',
        format: 'int64',
      },
    },
  };
}

function readyColumn(field: 'status' | 'reason' | 'message', name: string, priority: number) {
  return {
    name,
    type: 'string',
    jsonPath: `.status.conditions[?(@.type=="Ready")].${field}`,
    ...(priority > 0 ? { priority } : {}),
  };
}

/** crdFor builds the CustomResourceDefinition of one preset kind. */
export function crdFor(resource: PresetResource): Record<string, unknown> {
  const selectorColumns = [
    { name: 'Selector', type: 'string', jsonPath: '.spec.selector', priority: 1 },
    ...(resource.namespaced
      ? []
      : [{ name: 'Namespaces', type: 'string', jsonPath: '.spec.namespaceSelector', priority: 1 }]),
  ];
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${resource.plural}.${GROUP}`,
      labels: { 'app.kubernetes.io/name': 'podpreset', 'app.kubernetes.io/part-of': 'podpreset' },
    },
    spec: {
      group: GROUP,
      names: {
        kind: resource.kind,
        listKind: resource.listKind,
        plural: resource.plural,
        singular: resource.singular,
        shortNames: [resource.shortName],
        categories: [CATEGORY],
      },
      scope: resource.namespaced ? 'Namespaced' : 'Cluster',
      versions: [
        {
          name: VERSION,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: [
            readyColumn('status', 'Ready', 0),
            readyColumn('reason', 'Reason', 0),
            ...selectorColumns,
            readyColumn('message', 'Message', 1),
            { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
          ],
          schema: {
            openAPIV3Schema: {
              description: resource.namespaced
                ? 'PodPreset injects env, envFrom, volumes and volumeMounts into the Pods of its namespace that ' +
                  'its selector matches, when they are created.'
                : 'ClusterPodPreset injects env, envFrom, volumes and volumeMounts into the Pods that its selector ' +
                  'matches in every namespace its namespaceSelector matches, when they are created.',
              type: 'object',
              required: ['spec'],
              properties: {
                apiVersion: {
                  type: 'string',
                  description: 'APIVersion of this object: podpreset.dev/v1alpha1.',
                },
                kind: { type: 'string', description: `Kind of this object: ${resource.kind}.` },
                metadata: { type: 'object' },
                spec: specSchema(resource),
                status: statusSchema(resource),
              },
              'x-kubernetes-validations': [RULES.name(resource.maxNameLength)],
            },
          },
        },
      ],
    },
  };
}

/** crdFileName is where a kind's CRD lives under crds/ (controller-gen's naming). */
export function crdFileName(resource: PresetResource): string {
  return `${GROUP}_${resource.plural}.yaml`;
}

/** renderCrdFiles returns every generated file under crds/ with its exact content. */
export function renderCrdFiles(): Map<string, string> {
  const header =
    `# Generated by scripts/generate-crds.ts (npm run generate:crds). Do not edit.\n` +
    `# Kubernetes types from ${SOURCE_PACKAGE} ${sourcePackageVersion()} ` +
    `(Kubernetes OpenAPI ${upstreamOpenApiVersion()}).\n`;
  const files = new Map<string, string>();
  for (const resource of [POD_PRESET, CLUSTER_POD_PRESET]) {
    files.set(crdFileName(resource), header + stringify(crdFor(resource), { lineWidth: 0 }));
  }
  return files;
}

function main(): void {
  const dir = path.resolve(process.argv[2] ?? 'crds');
  for (const [name, content] of renderCrdFiles()) {
    writeFileSync(path.join(dir, name), content);
    process.stdout.write(`wrote ${path.join(dir, name)}\n`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
