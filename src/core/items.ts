/**
 * The four kinds of injected item and their merge keys (PRODUCT §2.5). Each item is keyed once,
 * when its preset is compiled, so a request only looks keys up.
 */
import { normalizeItem } from './equality.js';
import { deepEqual, isPlainObject } from './json.js';
import type { JsonObject } from './types.js';

export type ItemField = 'env' | 'envFrom' | 'volumeMounts' | 'volumes';

/**
 * One merge key of an item: `id` is unique within its field, `key` is how results name it
 * (`DB_HOST`, `mountPath=/cache`, `configMapRef=app,prefix=APP_`). Sentences name it with
 * keyLabel, only when a conflict is reported: a preset keeps nothing it rarely needs.
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

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const refName = (ref: unknown): string => (isPlainObject(ref) ? str(ref['name']) : '');

/**
 * itemIds returns the merge key ids of an item, without the text `itemKeys` adds for messages:
 * every item of the Pod is keyed on every admission, and only preset items are ever named.
 * volumeMounts have two (name, and mountPath).
 */
export function itemIds(field: ItemField, item: JsonObject): string[] {
  switch (field) {
    case 'env':
    case 'volumes':
      return [str(item['name'])];
    case 'volumeMounts':
      return [`name=${str(item['name'])}`, `mountPath=${str(item['mountPath'])}`];
    case 'envFrom':
      return [
        `${str(item['prefix'])}\u0000${refName(item['configMapRef'])}\u0000${refName(item['secretRef'])}`,
      ];
  }
}

const DIMENSIONS = ['name', 'mountPath'] as const;

function envFromParts(item: JsonObject): Array<[string, string]> {
  const parts: Array<[string, string]> = [
    ['configMapRef', refName(item['configMapRef'])],
    ['secretRef', refName(item['secretRef'])],
    ['prefix', str(item['prefix'])],
  ];
  return parts.filter(([, value]) => value !== '');
}

/** itemKeys returns the merge keys of an item (ids as itemIds has them) with the names results use. */
export function itemKeys(field: ItemField, item: JsonObject): ItemKey[] {
  const ids = itemIds(field, item);
  switch (field) {
    case 'env':
    case 'volumes':
      return [{ id: ids[0]!, key: ids[0]! }];
    case 'volumeMounts':
      return DIMENSIONS.map((dimension, i) => ({ id: ids[i]!, key: ids[i]!, dimension }));
    case 'envFrom':
      return [
        {
          id: ids[0]!,
          key: envFromParts(item)
            .map(([part, value]) => `${part}=${value}`)
            .join(','),
        },
      ];
  }
}

/** keyLabel names a key of `item` in a sentence: `env var "DB_HOST"`, `volumeMount mountPath "/cache"`. */
export function keyLabel(field: ItemField, key: ItemKey, item: JsonObject): string {
  switch (field) {
    case 'env':
      return `env var ${JSON.stringify(key.key)}`;
    case 'volumes':
      return `volume ${JSON.stringify(key.key)}`;
    case 'volumeMounts': {
      const dimension = key.dimension ?? 'name';
      return `volumeMount ${dimension} ${JSON.stringify(str(item[dimension]))}`;
    }
    case 'envFrom':
      return `envFrom ${envFromParts(item)
        .map(([part, value]) => `${part} ${JSON.stringify(value)}`)
        .join(' ')}`;
  }
}

/** keyItem prepares an item for merging. */
export function keyItem(field: ItemField, value: JsonObject): KeyedItem {
  const normalized = normalizeItem(value, field);
  // Most items are already in normal form: keep one object, not two equal ones.
  return {
    value,
    json: JSON.stringify(value),
    normalized: deepEqual(normalized, value) ? value : normalized,
    keys: itemKeys(field, value),
  };
}
