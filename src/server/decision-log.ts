/**
 * The fields of the one log line per admission decision (docs/SPEC.md §3): who asked about what, and
 * what was decided. Names and keys only: never env values, patches or the object itself.
 *
 * On every admission the object is built whole by one literal and filled in by assignment, not
 * by `{ ...spread, more }`: on Node 20 that spread made V8 promote ~80 KB to the old generation on
 * every scavenge under load, and the major collections that followed cost a quarter of the
 * webhook's throughput (docs/performance.md). The error path, once per failure, may spread.
 */
import type { AdmissionRequest } from '../admission/review.js';
import { isPlainObject } from '../core/json.js';
import { podName } from '../core/pod-name.js';

export interface DecisionFields {
  uid: string;
  namespace: string | undefined;
  name: string | undefined;
  kind: string | undefined;
  operation: string | undefined;
  dryRun: boolean;
  outcome: string;
  reason: string | undefined;
  /** Applied presets as `Kind/name` (mutate). */
  presets: readonly string[] | undefined;
  /** Conflict messages (mutate). */
  conflicts: readonly string[] | undefined;
  /** Validation problems (validate). */
  problems: readonly string[] | undefined;
  durationMs: number | undefined;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * decisionFields names the request (its object's name, or generateName for controller-made
 * Pods) and its outcome; the caller assigns the members that apply. Undefined members are left
 * out of the line.
 */
export function decisionFields(
  request: AdmissionRequest,
  outcome: string,
  namespace?: string,
): DecisionFields {
  return {
    uid: request.uid,
    namespace: namespace ?? text(request.namespace),
    name: podName(isPlainObject(request.object) ? request.object['metadata'] : undefined, request.name)?.name,
    kind: request.kind?.kind,
    operation: request.operation,
    dryRun: request.dryRun === true,
    outcome,
    reason: undefined,
    presets: undefined,
    conflicts: undefined,
    problems: undefined,
    durationMs: undefined,
  };
}

/** elapsedMs rounds a duration for the log line. */
export const elapsedMs = (started: number, now: number): number => Math.round((now - started) * 1000) / 1000;
