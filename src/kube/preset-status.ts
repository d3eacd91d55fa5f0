/**
 * The status a preset should carry (docs/SPEC.md §6): a `Ready` condition, True for a valid preset,
 * False with reason `Invalid` and the problems as message for one that admission skips, and
 * `observedGeneration`. Pure: the status writer decides whether to write by comparing this with
 * what the object already has, which is also what keeps a status write (a MODIFIED event with an
 * unchanged generation) from causing another write.
 */
import { isPlainObject } from '../core/json.js';
import type { JsonObject } from '../core/types.js';

export interface ReadyCondition {
  readonly type: 'Ready';
  readonly status: 'True' | 'False';
  readonly reason: 'Valid' | 'Invalid';
  readonly message: string;
  readonly lastTransitionTime: string;
  readonly observedGeneration?: number;
}

export interface PresetStatus {
  readonly observedGeneration?: number;
  readonly conditions: readonly ReadyCondition[];
}

/** Condition messages are capped by the API (32 KiB); a shorter cap keeps `kubectl describe` readable. */
const MAX_MESSAGE = 4000;

export const VALID_MESSAGE = 'the preset is valid and applies to matching Pods';

function currentReady(object: JsonObject): JsonObject | undefined {
  const status = isPlainObject(object['status']) ? object['status'] : {};
  const conditions = Array.isArray(status['conditions']) ? status['conditions'] : [];
  return conditions.find((c): c is JsonObject => isPlainObject(c) && c['type'] === 'Ready');
}

/**
 * desiredStatus returns the status `object` should have given its problems (undefined: valid),
 * keeping the current lastTransitionTime when the condition's status does not change.
 */
export function desiredStatus(
  object: JsonObject,
  problems: readonly string[] | undefined,
  now: string,
): PresetStatus {
  const metadata = isPlainObject(object['metadata']) ? object['metadata'] : {};
  const generation = typeof metadata['generation'] === 'number' ? metadata['generation'] : undefined;
  const status = problems === undefined ? 'True' : 'False';
  const previous = currentReady(object);
  const lastTransitionTime =
    previous?.['status'] === status && typeof previous['lastTransitionTime'] === 'string'
      ? previous['lastTransitionTime']
      : now;
  let message = problems === undefined ? VALID_MESSAGE : problems.join('; ');
  if (message.length > MAX_MESSAGE) message = `${message.slice(0, MAX_MESSAGE - 3)}...`;
  const condition: ReadyCondition = {
    type: 'Ready',
    status,
    reason: problems === undefined ? 'Valid' : 'Invalid',
    message,
    lastTransitionTime,
    ...(generation === undefined ? {} : { observedGeneration: generation }),
  };
  return { ...(generation === undefined ? {} : { observedGeneration: generation }), conditions: [condition] };
}

/** statusUpToDate tells whether `object` already carries `desired` (other conditions may sit beside ours). */
export function statusUpToDate(object: JsonObject, desired: PresetStatus): boolean {
  const status = isPlainObject(object['status']) ? object['status'] : {};
  if (status['observedGeneration'] !== desired.observedGeneration) return false;
  const ready = currentReady(object);
  const wanted = desired.conditions[0];
  if (!ready || !wanted) return false;
  return (Object.keys(wanted) as Array<keyof ReadyCondition>).every((key) => ready[key] === wanted[key]);
}
