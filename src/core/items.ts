/**
 * The four kinds of injected item and their merge keys (PRODUCT §2.5). Each item is keyed once,
 * when its preset is compiled, so a request only looks keys up.
 */
import { normalizeItem } from './equality.js';
import { isPlainObject } from './json.js';
import type { JsonObject } from './types.js';

export type ItemField = 'env' | 'envFrom' | 'volumeMounts' | 'volumes';

/**
 * One merge key of an item: `id` is unique within its field, `key` is how results name it
 * (`DB_HOST`, `mountPath=/cache`, `configMapRef=app,prefix=APP_`), `label` how a sentence does.
 */
export interface ItemKey {
  readonly id: string;
  readonly key: string;
  readonly label: string;
}

/** An item ready to merge: the value as written, its comparable form and its merge keys. */
export interface KeyedItem {
  readonly value: JsonObject;
  readonly normalized: JsonObject;
  readonly keys: readonly ItemKey[];
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const refName = (ref: unknown): string => (isPlainObject(ref) ? str(ref['name']) : '');

function mountKey(dimension: 'name' | 'mountPath', value: string): ItemKey {
  return {
    id: `${dimension}=${value}`,
    key: `${dimension}=${value}`,
    label: `volumeMount ${dimension} ${JSON.stringify(value)}`,
  };
}

/** itemKeys returns the merge keys of an item: volumeMounts have two (name, and mountPath). */
export function itemKeys(field: ItemField, item: JsonObject): ItemKey[] {
  const name = str(item['name']);
  switch (field) {
    case 'env':
      return [{ id: name, key: name, label: `env var ${JSON.stringify(name)}` }];
    case 'volumes':
      return [{ id: name, key: name, label: `volume ${JSON.stringify(name)}` }];
    case 'volumeMounts':
      return [mountKey('name', name), mountKey('mountPath', str(item['mountPath']))];
    case 'envFrom': {
      const parts = {
        configMapRef: refName(item['configMapRef']),
        secretRef: refName(item['secretRef']),
        prefix: str(item['prefix']),
      };
      const present = Object.entries(parts).filter(([, value]) => value !== '');
      return [
        {
          id: JSON.stringify(Object.values(parts)),
          key: present.map(([part, value]) => `${part}=${value}`).join(','),
          label: `envFrom ${present.map(([part, value]) => `${part} ${JSON.stringify(value)}`).join(' ')}`,
        },
      ];
    }
  }
}

/** keyItem prepares an item for merging. */
export function keyItem(field: ItemField, value: JsonObject): KeyedItem {
  return { value, normalized: normalizeItem(value, field), keys: itemKeys(field, value) };
}
