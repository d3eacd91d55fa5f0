/**
 * AdmissionReview as the API server sends it (admission.k8s.io/v1, and v1beta1 answered in kind).
 * Parsing is strict about what an answer needs (a uid to echo, a version to answer in) and lenient
 * about the rest, which the engine checks itself.
 */
import { isPlainObject, shownValue } from '../core/json.js';
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
  if (kind !== 'AdmissionReview') return err(`kind must be AdmissionReview, not ${shownValue(kind)}`);
  if (!ADMISSION_VERSIONS.includes(apiVersion as AdmissionVersion)) {
    return err(`apiVersion must be one of ${ADMISSION_VERSIONS.join(', ')}, not ${shownValue(apiVersion)}`);
  }
  if (!isPlainObject(request)) return err('AdmissionReview has no request');
  if (typeof request['uid'] !== 'string' || request['uid'] === '') return err('request.uid is required');
  const problem = memberTypeProblem(request);
  if (problem) return err(problem);
  return ok({ apiVersion: apiVersion as AdmissionVersion, request: request as AdmissionRequest });
}

/** The request's members this webhook reads, with the type the API server always sends. */
const STRING_MEMBERS = ['name', 'namespace', 'operation', 'subResource'] as const;
const NAMED_TYPES = Object.entries({
  kind: ['group', 'version', 'kind'],
  resource: ['group', 'version', 'resource'],
} as const);

/**
 * memberTypeProblem says which member the API server would never send as it came, so that the
 * AdmissionRequest type holds for everything that reads it (a namespace that is an object must
 * not reach the engine, nor a log line whole).
 */
function memberTypeProblem(request: Record<string, unknown>): string | undefined {
  for (const member of STRING_MEMBERS) {
    const value = request[member];
    if (value !== undefined && typeof value !== 'string') {
      return `request.${member} must be a string, not ${shownValue(value)}`;
    }
  }
  if (request['dryRun'] !== undefined && typeof request['dryRun'] !== 'boolean') {
    return `request.dryRun must be true or false, not ${shownValue(request['dryRun'])}`;
  }
  for (const [member, fields] of NAMED_TYPES) {
    const value = request[member];
    if (value === undefined) continue;
    if (!isPlainObject(value)) return `request.${member} must be an object, not ${shownValue(value)}`;
    for (const field of fields) {
      if (typeof value[field] !== 'string') {
        return `request.${member}.${field} must be a string, not ${shownValue(value[field])}`;
      }
    }
  }
  return undefined;
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
