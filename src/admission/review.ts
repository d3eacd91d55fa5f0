/**
 * AdmissionReview as the API server sends it (admission.k8s.io/v1, and v1beta1 answered in kind).
 * Parsing is strict about what an answer needs (a uid to echo, a version to answer in) and lenient
 * about the rest, which the engine checks itself.
 */
import { isPlainObject } from '../core/json.js';
import { err, ok, type Result } from '../core/result.js';

export const ADMISSION_VERSIONS = ['admission.k8s.io/v1', 'admission.k8s.io/v1beta1'] as const;
export type AdmissionVersion = (typeof ADMISSION_VERSIONS)[number];

export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

export interface AdmissionRequest {
  uid: string;
  resource?: GroupVersionResource;
  subResource?: string;
  kind?: { group: string; version: string; kind: string };
  name?: string;
  namespace?: string;
  operation?: string;
  object?: unknown;
  oldObject?: unknown;
  dryRun?: boolean;
  [field: string]: unknown;
}

export interface AdmissionReviewIn {
  apiVersion: AdmissionVersion;
  request: AdmissionRequest;
}

/** parseAdmissionReview checks a decoded body is an AdmissionReview we can answer, or says why not. */
export function parseAdmissionReview(body: unknown): Result<AdmissionReviewIn, string> {
  if (!isPlainObject(body)) return err('body must be a JSON AdmissionReview object');
  const { apiVersion, kind, request } = body;
  if (kind !== 'AdmissionReview') return err(`kind must be AdmissionReview, not ${JSON.stringify(kind)}`);
  if (!ADMISSION_VERSIONS.includes(apiVersion as AdmissionVersion)) {
    return err(
      `apiVersion must be one of ${ADMISSION_VERSIONS.join(', ')}, not ${JSON.stringify(apiVersion)}`,
    );
  }
  if (!isPlainObject(request)) return err('AdmissionReview has no request');
  if (typeof request['uid'] !== 'string' || request['uid'] === '') return err('request.uid is required');
  return ok({ apiVersion: apiVersion as AdmissionVersion, request: request as AdmissionRequest });
}

/** isPodCreate is true for CREATE of core/v1 pods, not a subresource (docs/SPEC.md §2: all else passes untouched). */
export function isPodCreate(request: AdmissionRequest): boolean {
  const { resource, subResource, operation } = request;
  return (
    operation === 'CREATE' &&
    resource?.group === '' &&
    resource.resource === 'pods' &&
    (subResource === undefined || subResource === '')
  );
}
