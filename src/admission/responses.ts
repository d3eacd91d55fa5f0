/**
 * AdmissionReview answers. Every answer allows: podpreset adds configuration, it never gates a
 * Pod, and a conflict is reported as warnings rather than a denial (docs/SPEC.md §2.7).
 */
import { MAX_UTF8_BYTES_PER_UNIT, jsonString } from '../core/json.js';
import type { AdmissionVersion } from './review.js';

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  patchType?: 'JSONPatch';
  patch?: string;
  warnings?: string[];
  status?: { code: number; message: string };
}

export interface AdmissionReviewOut {
  apiVersion: AdmissionVersion;
  kind: 'AdmissionReview';
  response: AdmissionResponse;
}

/** allowed lets the object through unchanged, with warnings if there are any. */
export function allowed(uid: string, warnings: readonly string[] = []): AdmissionResponse {
  return warnings.length ? { uid, allowed: true, warnings: [...warnings] } : { uid, allowed: true };
}

/**
 * The UTF-8 of a patch is encoded here before base64, for every patch that fits (a few KB is
 * usual): Buffer.from takes a slice of Node's 8 KiB pool and a fresh pool every few admissions,
 * twice the time of the encoding itself (docs/performance.md). Admissions run one at a time.
 */
const SCRATCH = Buffer.allocUnsafe(64 * 1024);

/** base64 of a string's UTF-8. */
function base64(text: string): string {
  if (text.length * MAX_UTF8_BYTES_PER_UNIT > SCRATCH.length) return Buffer.from(text).toString('base64');
  return SCRATCH.toString('base64', 0, SCRATCH.write(text));
}

/** patched allows the object with a JSON Patch (base64 of its UTF-8 JSON text); an empty patch is just allowed. */
export function patched(uid: string, patchJson: string, warnings: readonly string[] = []): AdmissionResponse {
  if (patchJson === '[]') return allowed(uid, warnings);
  const response: AdmissionResponse = {
    uid,
    allowed: true,
    patchType: 'JSONPatch',
    patch: base64(patchJson),
  };
  if (warnings.length > 0) response.warnings = [...warnings];
  return response;
}

/** denied rejects an object (the validating webhook's answer to an invalid preset). */
export function denied(uid: string, message: string, code = 422): AdmissionResponse {
  return { uid, allowed: false, status: { code, message } };
}

/** errored allows the object unchanged after an internal error, telling the user why nothing was injected. */
export function errored(uid: string, message: string): AdmissionResponse {
  return allowed(uid, [`podpreset: ${message}; the pod was admitted without presets`]);
}

/**
 * reviewJson serialises an answer. A patched answer is spliced together: its bulk is the base64
 * patch, which needs no escaping, and JSON.stringify would scan it once more on every admission
 * (and costs more per call than the splice for the short strings around it).
 */
export function reviewJson(review: AdmissionReviewOut): string {
  const { response } = review;
  if (response.patch === undefined || response.warnings !== undefined || response.status !== undefined)
    return JSON.stringify(review);
  return `{"apiVersion":${jsonString(review.apiVersion)},"kind":"AdmissionReview","response":{"uid":${jsonString(response.uid)},"allowed":${response.allowed},"patchType":"JSONPatch","patch":"${response.patch}"}}`;
}

/** toReview wraps a response in an AdmissionReview of the request's version. */
export function toReview(apiVersion: AdmissionVersion, response: AdmissionResponse): AdmissionReviewOut {
  return { apiVersion, kind: 'AdmissionReview', response };
}
