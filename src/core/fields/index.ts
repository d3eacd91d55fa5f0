/**
 * The injectable fields of a preset, in the order the spec, the CRD schema and validation
 * messages list them. Parsing, merging, validation, pod shape checks and the CRD generator loop
 * over this list; a new field is one descriptor file and one entry here.
 */
import { deepEqual } from '../json.js';
import type { JsonObject } from '../types.js';
import { envFrom } from './env-from.js';
import { env } from './env.js';
import type { FieldDescriptor, KeyedItem } from './field.js';
import { volumeMounts } from './volume-mounts.js';
import { volumes } from './volumes.js';
import { initContainers } from './init-containers.js';
import { containers } from './containers.js';
import { tolerations } from './tolerations.js';
import { nodeSelector } from './node-selector.js';
import { imagePullSecrets } from './image-pull-secrets.js';

export type { FieldDescriptor, FieldSchema, ItemKey, KeyedItem } from './field.js';

export const FIELDS = [
  env,
  envFrom,
  volumes,
  volumeMounts,
  initContainers,
  containers,
  tolerations,
  nodeSelector,
  imagePullSecrets,
] as const;

export type ItemField = (typeof FIELDS)[number]['name'];

const BY_NAME = new Map<string, FieldDescriptor>(FIELDS.map((field) => [field.name, field]));

/** fieldOf returns the descriptor of a field. */
export const fieldOf = (name: ItemField): FieldDescriptor<ItemField> =>
  BY_NAME.get(name) as FieldDescriptor<ItemField>;

export const FIELD_NAMES: readonly ItemField[] = FIELDS.map((field) => field.name);
/** Fields merged into each targeted container and init container. */
export const CONTAINER_FIELDS: readonly ItemField[] = FIELDS.filter((f) => f.level === 'container').map(
  (f) => f.name,
);
/** Fields merged into the PodSpec itself. */
export const POD_FIELDS: readonly ItemField[] = FIELDS.filter((f) => f.level === 'pod').map((f) => f.name);

/** normalizeItem returns the comparable form of an item of `field` (docs/SPEC.md §2.6). */
export const normalizeItem = (item: JsonObject, field: ItemField): JsonObject =>
  fieldOf(field).normalize(item);

/** semanticEqual is true when two items of one field are the same once defaulted (docs/SPEC.md §2.6). */
export const semanticEqual = (a: JsonObject, b: JsonObject, field: ItemField): boolean =>
  deepEqual(normalizeItem(a, field), normalizeItem(b, field));

/** keyItem prepares an item of a preset for merging: keyed and normalised once, at compile time. */
export function keyItem(field: ItemField, value: JsonObject): KeyedItem {
  const descriptor = fieldOf(field);
  const normalized = descriptor.normalize(value);
  // Most items are already in normal form: keep one object, not two equal ones.
  return {
    value,
    json: JSON.stringify(value),
    normalized: deepEqual(normalized, value) ? value : normalized,
    keys: descriptor.keys(value),
  };
}
