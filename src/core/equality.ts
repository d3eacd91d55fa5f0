/**
 * Semantic equality of injected items (docs/SPEC.md §2.6). A Pod arriving at the webhook has been
 * defaulted by the API server; a preset from a CRD or a file has not. Two items are the same when
 * they are equal after applying the Kubernetes defaults for their types and dropping the zero
 * values of non-pointer fields, which Go's `omitempty` would never have sent.
 */
import { isPlainObject } from './json.js';
import { canonicalQuantityValue } from './quantity.js';
import type { JsonObject } from './types.js';

/**
 * Defaults the API server applies (k8s.io/kubernetes pkg/apis/core/v1/defaults.go), keyed by the
 * member that holds the defaulted struct. Where the same member name appears in a place that has
 * no such default (a `secret` projection has no defaultMode), both sides are normalised alike, so
 * equality is unaffected.
 */
const DEFAULTS: ReadonlyMap<string, JsonObject> = new Map([
  ['secret', { defaultMode: 420 }],
  ['configMap', { defaultMode: 420 }],
  ['downwardAPI', { defaultMode: 420 }],
  ['projected', { defaultMode: 420 }],
  ['fieldRef', { apiVersion: 'v1' }],
  ['serviceAccountToken', { expirationSeconds: 3600 }],
  ['iscsi', { iscsiInterface: 'default' }],
  ['rbd', { pool: 'rbd', user: 'admin', keyring: '/etc/ceph/keyring' }],
  ['azureDisk', { cachingMode: 'ReadWrite', fsType: 'ext4', readOnly: false, kind: 'Shared' }],
  ['scaleIO', { storageMode: 'ThinProvisioned', fsType: 'xfs' }],
]);

/** Pointer fields: their zero value is a statement (`optional: false`), not an absence. */
const POINTER_FIELDS = new Set([
  'optional',
  'defaultMode',
  'mode',
  'expirationSeconds',
  'sizeLimit',
  'tolerationSeconds',
]);
/** Pointer fields only under one parent (CSIVolumeSource.readOnly is *bool, elsewhere plain bool). */
const POINTER_FIELDS_UNDER: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['csi', new Set(['readOnly', 'fsType'])],
  ['azureDisk', new Set(['readOnly', 'fsType', 'cachingMode', 'kind'])],
  // A container's securityContext: `privileged: false` is a statement (docs/SPEC.md §8.2).
  [
    'securityContext',
    new Set([
      'privileged',
      'runAsNonRoot',
      'runAsUser',
      'runAsGroup',
      'readOnlyRootFilesystem',
      'allowPrivilegeEscalation',
    ]),
  ],
]);
/** resource.Quantity members: compared by value, so `1024Mi` equals `1Gi` as the API server re-renders it. */
const QUANTITY_FIELDS = new Set(['sizeLimit', 'divisor', 'storage']);

function isZero(value: unknown): boolean {
  return (
    value === '' ||
    value === false ||
    value === 0 ||
    value === null ||
    (Array.isArray(value) && value.length === 0)
  );
}

function normalizeValue(value: unknown, key: string): unknown {
  // Items of a list are normalised like their list's member (a projected volume's `sources`).
  if (Array.isArray(value)) return value.map((item) => normalizeValue(item, key));
  if (isPlainObject(value)) return normalizeObject(value, key);
  if (QUANTITY_FIELDS.has(key)) return canonicalQuantityValue(value);
  return value;
}

/**
 * The tables above are Maps and the result has no prototype because member names come from
 * untrusted objects: a key named `toString` or `__proto__` (the CRD keeps some sub-objects
 * unvalidated) must be data, never a lookup on Object.prototype or a prototype assignment.
 */
function normalizeObject(object: JsonObject, key: string): JsonObject {
  const defaults = DEFAULTS.get(key);
  const withDefaults = defaults ? { ...defaults, ...object } : object;
  const pointerHere = POINTER_FIELDS_UNDER.get(key);
  const out = Object.create(null) as JsonObject;
  for (const [member, raw] of Object.entries(withDefaults)) {
    const value = normalizeValue(raw, member);
    const isPointer = POINTER_FIELDS.has(member) || (pointerHere?.has(member) ?? false);
    // A zero Quantity ("0", "0Mi") is the zero value of a non-pointer Quantity such as divisor.
    const zero = isZero(value) || (QUANTITY_FIELDS.has(member) && value === '0');
    if (value === undefined || (!isPointer && zero)) continue;
    out[member] = value;
  }
  return out;
}

/**
 * normalizeJson returns the comparable form of an item (an env var, a volume, …): Kubernetes
 * defaults applied and zero values of non-pointer fields dropped. Field descriptors build on it.
 */
export function normalizeJson(item: JsonObject): JsonObject {
  return normalizeObject(item, '');
}
