/**
 * The merge of PRODUCT §2.5, for any of the four item lists. The pod's own items come first and
 * are never rewritten; each preset's items follow in order unless already represented under one
 * of their keys. Same key, same item (semantically, §2.6): skipped. Same key, another item: a
 * conflict, whether the other came from the pod or from an earlier preset in this pass.
 * Nothing is mutated: the result lists what to append.
 */
import { toConflict, type Conflict } from './conflicts.js';
import { fieldOf, type ItemField, type KeyedItem } from './fields/index.js';
import { deepEqual, isPlainObject } from './json.js';
import type { CompiledPreset } from './preset.js';
import type { JsonObject } from './types.js';

interface Entry {
  readonly value: JsonObject;
  /** Computed on first comparison: most pod items are never compared with anything. */
  normalized: JsonObject | undefined;
  readonly origin: CompiledPreset | undefined;
}

export interface ListMerge {
  /** Preset items to append after the pod's own, in order. */
  readonly added: KeyedItem[];
  readonly conflicts: Conflict[];
}

const EMPTY: ListMerge = { added: [], conflicts: [] };

/**
 * mergeList merges the `field` items of `presets` (in application order) into `existing`, the
 * pod's own list as received (absent or null is empty). `container` names the container for
 * messages; it is undefined for pod-level volumes.
 */
export function mergeList(
  field: ItemField,
  existing: readonly unknown[] | undefined,
  presets: readonly CompiledPreset[],
  container: string | undefined,
): ListMerge {
  if (!presets.some((preset) => preset.items[field].length > 0)) return EMPTY;
  const descriptor = fieldOf(field);

  const index = new Map<string, Entry>();
  for (const value of existing ?? []) {
    if (!isPlainObject(value)) continue;
    const entry: Entry = { value, normalized: undefined, origin: undefined };
    for (const id of descriptor.ids(value)) if (!index.has(id)) index.set(id, entry);
  }

  const added: KeyedItem[] = [];
  const conflicts: Conflict[] = [];
  for (const preset of presets) {
    for (const item of preset.items[field]) {
      let represented = false;
      let clashed = false;
      // An item has at most two keys: one entry found under both is compared once.
      let compared: Entry | undefined;
      for (const key of item.keys) {
        const entry = index.get(key.id);
        if (!entry || entry === compared) continue;
        compared = entry;
        entry.normalized ??= descriptor.normalize(entry.value);
        if (deepEqual(entry.normalized, item.normalized)) {
          represented = true;
        } else {
          clashed = true;
          conflicts.push(toConflict(field, key, item.value, preset, entry.origin, container));
        }
      }
      if (represented || clashed) continue;
      const entry: Entry = { value: item.value, normalized: item.normalized, origin: preset };
      for (const key of item.keys) index.set(key.id, entry);
      added.push(item);
    }
  }
  return { added, conflicts };
}
