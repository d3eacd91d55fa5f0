/**
 * A field descriptor says everything the engine, the validators and the CRD generator need to
 * know about one injectable field of a preset: where it goes in a Pod, how its items are keyed,
 * compared and checked, and which upstream model its schema comes from. Adding a field is one
 * descriptor in this folder plus its entry in `index.ts` (docs/fields.md).
 */
import { deepEqual, isPlainObject } from '../json.js';
import type { JsonObject } from '../types.js';

/**
 * One merge key of an item: `id` is unique within its field, `key` is how results name it
 * (`DB_HOST`, `mountPath=/cache`, `configMapRef=app,prefix=APP_`). Sentences name it with the
 * descriptor's `label`, only when a conflict is reported: a preset keeps nothing it rarely needs.
 */
export interface ItemKey {
  readonly id: string;
  readonly key: string;
  /** Which member a volumeMount key is on. */
  readonly dimension?: 'name' | 'mountPath';
}

/** An item ready to merge: the value as written, its comparable form and its merge keys. */
export interface KeyedItem {
  readonly value: JsonObject;
  /** `value` as JSON, for the patch: serialised once here rather than on every admission. */
  readonly json: string;
  readonly normalized: JsonObject;
  readonly keys: readonly ItemKey[];
}

/** Where the CRD generator takes a field's schema from, and the list markers it gets. */
export interface FieldSchema {
  /** The client-node model (generated from the upstream core/v1 OpenAPI) of one list item. */
  readonly model?: string;
  /** `map` lists are keyed by `name` (x-kubernetes-list-map-keys), as Kubernetes keys them. */
  readonly listType?: 'map' | 'atomic';
  /** Bound for the API server's CEL cost estimate (items of a list, entries of a map). */
  readonly maxItems: number;
  /** Bound on the item's `name`, when the CEL rules compare names. */
  readonly maxNameLength?: number;
  /** Bounds on lists inside an item (a container's volumeMounts), for the CEL cost estimate. */
  readonly maxNestedItems?: Readonly<Record<string, number>>;
  /** Members of the item that must be set, beyond what the upstream model requires (a list-map key). */
  readonly required?: readonly string[];
  readonly description: string;
}

export interface FieldDescriptor<Name extends string = string> {
  /** The member name, the same in a preset's spec and in the Pod. */
  readonly name: Name;
  /** `pod`: a member of the PodSpec; `container`: a member of each targeted container. */
  readonly level: 'pod' | 'container';
  /** `list`: an array of objects; `map`: an object of strings, whose entries are items `{key, value}`. */
  readonly shape: 'list' | 'map';
  /** `prepend`: added items go, as one block, before the Pod's own (init containers, docs/SPEC.md §8.2). */
  readonly placement: 'append' | 'prepend';
  /**
   * Fields whose keys are one space (a container name is unique across initContainers and
   * containers): an item whose key is taken in the other field of the space is a conflict.
   */
  readonly keySpace?: string;
  /** itemsOf returns the items of a field's value in a preset or a Pod (absent or malformed: none). */
  readonly itemsOf: (value: unknown) => readonly JsonObject[];
  /**
   * ids returns the merge key ids of an item, without the text `keys` adds for messages: every
   * item of the Pod is keyed on every admission, and only preset items are ever named.
   */
  readonly ids: (item: JsonObject) => string[];
  /** keys returns the merge keys of an item (ids as `ids` has them) with the names results use. */
  readonly keys: (item: JsonObject) => ItemKey[];
  /** label names a key of an item in a sentence: `env var "DB_HOST"`. */
  readonly label: (key: ItemKey, item: JsonObject) => string;
  /** normalize returns the comparable form: Kubernetes defaults applied, zero values dropped (§2.6). */
  readonly normalize: (item: JsonObject) => JsonObject;
  /**
   * represents tells whether the item already there (normalised) stands for the preset's
   * (normalised): equality for most fields, containment for containers (§8.2).
   */
  readonly represents: (existing: JsonObject, item: JsonObject) => boolean;
  /** check returns the shape problems of one item of a preset, each prefixed with `at`. */
  readonly check: (item: JsonObject, at: string) => string[];
  /** The keys no two items of one preset may share, as words for the duplicate message. */
  readonly uniqueKeys: (item: JsonObject) => string[];
  readonly schema: FieldSchema;
}

/**
 * defineField keeps a descriptor's name as a literal type, so the registry can name its fields.
 * Descriptors are assembled from shared parts in different orders; each is rebuilt here with its
 * members in one order, so that all have one hidden class and the merge pass's reads of
 * `ids`, `normalize` or `represents` stay monomorphic whichever fields a catalog uses.
 */
export const defineField = <Name extends string>(field: FieldDescriptor<Name>): FieldDescriptor<Name> => ({
  name: field.name,
  level: field.level,
  shape: field.shape,
  placement: field.placement,
  keySpace: field.keySpace,
  itemsOf: field.itemsOf,
  ids: field.ids,
  keys: field.keys,
  label: field.label,
  normalize: field.normalize,
  represents: field.represents,
  check: field.check,
  uniqueKeys: field.uniqueKeys,
  schema: field.schema,
});

/** listField fills in what most fields share: a list of objects, appended, compared by equality. */
export const listField = {
  shape: 'list',
  itemsOf: (value: unknown): readonly JsonObject[] =>
    Array.isArray(value) ? value.filter(isPlainObject) : [],
  placement: 'append',
  represents: deepEqual,
} as const;

export const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** byName keys items by their `name` alone (env, volumes). */
export const byName = {
  ids: (item: JsonObject): string[] => [str(item['name'])],
  keys: (item: JsonObject): ItemKey[] => [{ id: str(item['name']), key: str(item['name']) }],
  uniqueKeys: (item: JsonObject): string[] => [`name ${JSON.stringify(item['name'])}`],
};
