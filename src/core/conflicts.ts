/**
 * Conflicts are data (docs/SPEC.md §2.7, §3): the merge returns them, admission turns them into
 * warnings and Events, preview prints them. They name keys, never values: a conflicting env var
 * may hold a secret.
 */
import { fieldOf, type ItemField, type ItemKey } from './fields/index.js';
import type { JsonObject } from './types.js';
import type { CompiledPreset } from './preset.js';

export interface ConflictPreset {
  readonly kind: CompiledPreset['kind'];
  readonly name: string;
}

/** What a conflict did, by the conflictPolicy of the preset it belongs to (docs/SPEC.md §8.3). */
export type Resolution = 'abort' | 'skip-preset' | 'keep-existing';

export interface Conflict {
  /** The presets involved: the one being applied, and the earlier one it clashes with, if any. */
  readonly presets: readonly ConflictPreset[];
  /** The container (or init container); absent for pod-level volumes. */
  readonly container?: string;
  readonly field: ItemField;
  readonly key: string;
  readonly message: string;
  readonly resolution: Resolution;
}

const describe = (preset: ConflictPreset): string => `${preset.kind} ${JSON.stringify(preset.name)}`;

/**
 * toConflict describes `preset`'s item under `key` clashing with what the pod had (`earlier`
 * undefined) or with what an earlier preset added.
 */
export function toConflict(
  field: ItemField,
  key: ItemKey,
  item: JsonObject,
  preset: ConflictPreset,
  earlier: ConflictPreset | undefined,
  container: string | undefined,
): Omit<Conflict, 'resolution'> {
  const other = earlier ? describe(earlier) : 'the pod';
  const where = container === undefined ? '' : ` in container ${JSON.stringify(container)}`;
  const presets = earlier
    ? [
        { kind: earlier.kind, name: earlier.name },
        { kind: preset.kind, name: preset.name },
      ]
    : [{ kind: preset.kind, name: preset.name }];
  return {
    presets,
    ...(container === undefined ? {} : { container }),
    field,
    key: key.key,
    message: `${describe(preset)} conflicts with ${other} on ${fieldOf(field).label(key, item)}${where}`,
  };
}
