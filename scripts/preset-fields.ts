/**
 * The schemas of a preset's spec fields for the CRDs: the injectable fields from their
 * descriptors (src/core/fields/) and the upstream models those name, and the docs/SPEC.md §8 fields that are
 * podpreset's own (containerSelector, conflictPolicy).
 */
import type { FieldDescriptor } from '../src/core/fields/index.js';
import { MAX_NAME_PATTERNS } from '../src/core/targeting.js';
import { modelSchema, type SchemaNode } from './upstream-models.js';

/** boundName bounds the `name` of a schema's items, for the CEL cost estimate. */
function boundName(items: SchemaNode | undefined, maxLength: number, model: string): void {
  const name = items?.properties?.name;
  if (!name) throw new Error(`${model}: expected a name property`);
  name.maxLength = maxLength;
}

/** fieldSchema is the schema of one injectable field, from its descriptor's upstream model. */
export function fieldSchema({ shape, schema }: FieldDescriptor): SchemaNode {
  if (shape === 'map' || !schema.model) {
    return {
      description: schema.description,
      type: 'object',
      maxProperties: schema.maxItems,
      additionalProperties: { type: 'string' },
    };
  }
  const items = modelSchema(schema.model);
  if (schema.maxNameLength !== undefined) boundName(items, schema.maxNameLength, schema.model);
  for (const [member, maxItems] of Object.entries(schema.maxNestedItems ?? {})) {
    const nested = items.properties?.[member];
    if (!nested) throw new Error(`${schema.model}: expected a ${member} property`);
    nested.maxItems = maxItems;
    if (schema.maxNameLength !== undefined) boundName(nested.items, schema.maxNameLength, schema.model);
  }
  if (schema.required) items.required = [...new Set([...(items.required ?? []), ...schema.required])];
  return {
    description: schema.description,
    type: 'array',
    maxItems: schema.maxItems,
    'x-kubernetes-list-type': schema.listType,
    ...(schema.listType === 'map' ? { 'x-kubernetes-list-map-keys': ['name'] } : {}),
    items,
  };
}

const NAME_PATTERNS = (description: string): SchemaNode => ({
  description,
  type: 'array',
  minItems: 1,
  maxItems: MAX_NAME_PATTERNS,
  'x-kubernetes-list-type': 'atomic',
  items: { type: 'string', pattern: '^[a-z0-9*-]{1,63}$' },
});

/** The preset-level fields of §8 that are not Kubernetes types: targeting and the conflict policy. */
export function podPresetOwnFields(): Record<string, SchemaNode> {
  return {
    containerSelector: {
      description:
        'Which of the Pod’s own containers and init containers get env, envFrom and volumeMounts. Omitted: ' +
        'every one. Containers added by a matching preset never get them. volumes, the pod-level fields and ' +
        'the annotation apply even when no container is targeted.',
      type: 'object',
      properties: {
        names: NAME_PATTERNS(
          'Names of the containers to target; * matches any run of characters. Omitted: every name.',
        ),
        excludeNames: NAME_PATTERNS('Names of containers never targeted; wins over names. * as in names.'),
        initContainers: {
          description: 'false: no init container is targeted, whatever its name. Default true.',
          type: 'boolean',
        },
      },
    },
    conflictPolicy: {
      description:
        'What a conflict of this preset does. Abort (default): the Pod is left unchanged, no preset applied. ' +
        'SkipPreset: only this preset is left out. KeepExisting: each conflicting item is left out and the one ' +
        'already there stays; the rest of the preset applies.',
      type: 'string',
      enum: ['Abort', 'SkipPreset', 'KeepExisting'],
    },
  };
}
