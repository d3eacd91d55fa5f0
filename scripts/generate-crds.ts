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
 * The same run writes src/core/fields/item-schemas.generated.ts, the types of the injectable
 * fields' schemas, which the core holds presets from files to (scripts/item-schemas.ts).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import {
  CATEGORY,
  CLUSTER_POD_PRESET,
  GROUP,
  POD_PRESET,
  VERSION,
  type PresetResource,
} from '../src/core/api.js';
import { FIELDS } from '../src/core/fields/index.js';
import { MAX_MATCH_EXPRESSIONS, MAX_SELECTOR_VALUES } from '../src/core/selector.js';
import { ITEM_SCHEMAS_MODULE, renderItemSchemaModule } from './item-schemas.js';
import { fieldSchema, podPresetOwnFields } from './preset-fields.js';
import {
  modelSchema,
  SOURCE_PACKAGE,
  sourcePackageVersion,
  upstreamOpenApiVersion,
  withDescription,
  type SchemaNode,
} from './upstream-models.js';

export { modelSchema, type SchemaNode } from './upstream-models.js';

// Bounds for the lists the CEL rules iterate: the API server estimates a rule's cost from them and
// rejects a CRD whose rules could cost too much on a large object. They live beside the code that
// holds files to them too: the selector's in src/core/selector.ts, each field's in its descriptor
// (src/core/fields/), the name patterns' in src/core/targeting.ts.

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
    ...(['initContainers', 'containers'] as const).map((list) => ({
      rule:
        `!has(self.${list}) || self.${list}.all(c, !has(c.volumeMounts) || c.volumeMounts.all(m, ` +
        'has(self.volumes) && self.volumes.exists(v, v.name == m.name)))',
      message: `every ${list}[].volumeMounts[].name must be the name of one of this preset's own volumes`,
    })),
    {
      rule:
        '!has(self.initContainers) || !has(self.containers) || ' +
        'self.initContainers.all(i, !self.containers.exists(c, c.name == i.name))',
      message: 'container names must be unique across initContainers and containers',
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
  Object.assign(properties, podPresetOwnFields());
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
            { name: 'Policy', type: 'string', jsonPath: '.spec.conflictPolicy' },
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
  // The core's type check reads the same field schemas (scripts/item-schemas.ts).
  writeFileSync(path.resolve(ITEM_SCHEMAS_MODULE), renderItemSchemaModule());
  process.stdout.write(`wrote ${path.resolve(ITEM_SCHEMAS_MODULE)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
