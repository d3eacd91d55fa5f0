/**
 * The fields of the one log line per admission decision (PRODUCT §3): who asked about what, and
 * what was decided. Names and keys only: never env values, patches or the object itself.
 */
import type { AdmissionRequest } from '../admission/review.js';
import { isPlainObject } from '../core/json.js';

export interface RequestFields {
  uid: string;
  namespace: string | undefined;
  name: string | undefined;
  kind: string | undefined;
  operation: string | undefined;
  dryRun: boolean;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** requestFields names the request: its object's name, or generateName for controller-made Pods. */
export function requestFields(request: AdmissionRequest, namespace?: string): RequestFields {
  const metadata =
    isPlainObject(request.object) && isPlainObject(request.object['metadata'])
      ? request.object['metadata']
      : {};
  return {
    uid: request.uid,
    namespace: namespace ?? text(request.namespace),
    name: text(request.name) ?? text(metadata['name']) ?? text(metadata['generateName']),
    kind: request.kind?.kind,
    operation: request.operation,
    dryRun: request.dryRun === true,
  };
}

/** elapsedMs rounds a duration for the log line. */
export const elapsedMs = (started: number, now: number): number => Math.round((now - started) * 1000) / 1000;
