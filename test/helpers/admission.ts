/** AdmissionReviews as the API server sends them, and reading the answers. */
import { expect } from 'vitest';
import type { AdmissionResponse } from '../../src/admission/responses.js';
import type { AdmissionVersion } from '../../src/admission/review.js';

let counter = 0;

export interface ReviewOptions {
  readonly namespace?: string;
  readonly operation?: string;
  readonly resource?: string;
  readonly group?: string;
  readonly kind?: string;
  readonly subResource?: string;
  readonly dryRun?: boolean;
  readonly apiVersion?: AdmissionVersion;
  readonly uid?: string;
}

/** aReview wraps `object` in an AdmissionReview; by default a Pod CREATE in `default`. */
export function aReview(object: unknown, options: ReviewOptions = {}): Record<string, unknown> {
  const kind = options.kind ?? 'Pod';
  const group = options.group ?? '';
  return {
    apiVersion: options.apiVersion ?? 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: options.uid ?? `uid-${++counter}-${Math.random().toString(16).slice(2)}`,
      kind: { group, version: 'v1', kind },
      resource: { group, version: 'v1', resource: options.resource ?? 'pods' },
      ...(options.subResource ? { subResource: options.subResource } : {}),
      namespace: options.namespace ?? 'default',
      operation: options.operation ?? 'CREATE',
      userInfo: { username: 'tester' },
      object,
      oldObject: null,
      dryRun: options.dryRun ?? false,
    },
  };
}

export interface ReviewAnswer {
  apiVersion: string;
  kind: string;
  response: AdmissionResponse;
}

/** decodePatch reads the base64 JSON Patch of a response ([] when there is none). */
export function decodePatch(response: AdmissionResponse): unknown[] {
  if (response.patch === undefined) return [];
  expect(response.patchType).toBe('JSONPatch');
  return JSON.parse(Buffer.from(response.patch, 'base64').toString('utf8')) as unknown[];
}

/** uidOf reads the uid of a review built by aReview. */
export const uidOf = (review: Record<string, unknown>): string => (review['request'] as { uid: string }).uid;
