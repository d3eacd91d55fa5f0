/**
 * A container as the API server stores it, and what "represented when contained" means for one
 * (docs/SPEC.md §8.2). A Pod's containers arrive defaulted; a preset's are written by hand. Both are
 * compared after the core/v1 container defaults (k8s.io/kubernetes pkg/apis/core/v1/defaults.go),
 * and a preset container is contained in a Pod's when everything it sets has the same value:
 * what it leaves out (resources a LimitRange filled in, a mount another webhook added) is not
 * compared. docs/fields.md lists the defaults.
 */
import { normalizeJson } from '../equality.js';
import { deepEqual, isPlainObject } from '../json.js';
import { canonicalQuantityValue } from '../quantity.js';
import type { JsonObject } from '../types.js';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const PROBE_DEFAULTS = { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 };
const HTTP_GET_DEFAULTS = { path: '/', scheme: 'HTTP' };

/**
 * pullPolicyOf is the API server's default imagePullPolicy: Always for the `latest` tag or an
 * image with neither tag nor digest, else IfNotPresent (`img:latest@sha256:…` is Always).
 */
export function pullPolicyOf(image: unknown): string {
  if (typeof image !== 'string') return 'IfNotPresent';
  const at = image.indexOf('@');
  const named = at === -1 ? image : image.slice(0, at);
  const colon = named.lastIndexOf(':');
  const tag = colon > named.lastIndexOf('/') ? named.slice(colon + 1) : '';
  if (tag === 'latest') return 'Always';
  return tag === '' && at === -1 ? 'Always' : 'IfNotPresent';
}

const withHttpGet = (handler: unknown): unknown =>
  isPlainObject(handler) && isPlainObject(handler['httpGet'])
    ? { ...handler, httpGet: { ...HTTP_GET_DEFAULTS, ...handler['httpGet'] } }
    : handler;

/** Quantities by value: `0.5` and `500m` are one CPU request. */
const quantities = (map: unknown): unknown =>
  isPlainObject(map)
    ? Object.fromEntries(Object.entries(map).map(([k, v]) => [k, canonicalQuantityValue(v)]))
    : map;

function defaultResources(resources: unknown): unknown {
  if (!isPlainObject(resources)) return resources;
  const limits = quantities(resources['limits']);
  let requests = quantities(resources['requests']);
  // A limit without a request is also the request.
  if (isPlainObject(limits)) requests = { ...limits, ...(isPlainObject(requests) ? requests : {}) };
  return {
    ...resources,
    ...(limits === undefined ? {} : { limits }),
    ...(requests === undefined ? {} : { requests }),
  };
}

/** Empty objects are zero values of non-pointer structs (`resources: {}`): absent, as Go omits them. */
function dropEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropEmpty);
  if (!isPlainObject(value)) return value;
  // No prototype: member names come from untrusted objects (see equality.ts).
  const out = Object.create(null) as JsonObject;
  for (const [key, member] of Object.entries(value)) {
    const kept = dropEmpty(member);
    if (isPlainObject(kept) && Object.keys(kept).length === 0) continue;
    out[key] = kept;
  }
  return out;
}

/** normalizeContainer returns a container with the API server's defaults, in comparable form. */
export function normalizeContainer(container: JsonObject): JsonObject {
  const out: JsonObject = {
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: pullPolicyOf(container['image']),
    ...container,
  };
  if (Array.isArray(out['ports'])) {
    out['ports'] = out['ports'].map((port: unknown) =>
      isPlainObject(port) ? { protocol: 'TCP', ...port } : port,
    );
  }
  for (const probe of PROBES) {
    const value = out[probe];
    if (isPlainObject(value)) out[probe] = withHttpGet({ ...PROBE_DEFAULTS, ...value });
  }
  const lifecycle = out['lifecycle'];
  if (isPlainObject(lifecycle)) {
    out['lifecycle'] = Object.fromEntries(Object.entries(lifecycle).map(([k, v]) => [k, withHttpGet(v)]));
  }
  if (out['resources'] !== undefined) out['resources'] = defaultResources(out['resources']);
  return dropEmpty(normalizeJson(out)) as JsonObject;
}

/**
 * contains tells whether `have` (a normalised container of the Pod) holds everything `want` (a
 * normalised preset container) sets: objects key by key over `want`'s keys, lists of objects
 * element by element (each of `want`'s in some of `have`'s), other lists and scalars exactly.
 */
export function contains(have: unknown, want: unknown): boolean {
  if (isPlainObject(want)) {
    if (!isPlainObject(have)) return false;
    for (const key in want) if (!Object.hasOwn(have, key) || !contains(have[key], want[key])) return false;
    return true;
  }
  if (Array.isArray(want) && want.some(isPlainObject)) {
    return Array.isArray(have) && want.every((item) => have.some((candidate) => contains(candidate, item)));
  }
  return deepEqual(have, want);
}
