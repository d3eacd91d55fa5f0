/**
 * Shape rules for a preset's env, envFrom, volumes and volumeMounts: what the in-tree API
 * validated, and what the CRD schema says for objects that never pass through it (files, /preview).
 * Sub-structures of a volume source are left to the CRD schema; the webhook only needs the
 * members it keys and compares on to be well-formed.
 */
import { isPlainObject } from './json.js';
import { quantityProblem } from './quantity.js';
import type { JsonObject } from './types.js';

const ENV_FIELDS = new Set(['name', 'value', 'valueFrom']);
const ENV_SOURCES = new Set([
  'fieldRef',
  'resourceFieldRef',
  'configMapKeyRef',
  'secretKeyRef',
  'fileKeyRef',
]);
const ENV_FROM_FIELDS = new Set(['prefix', 'configMapRef', 'secretRef']);
const REF_FIELDS = new Set(['name', 'optional']);
const MOUNT_FIELDS = new Set([
  'name',
  'mountPath',
  'readOnly',
  'subPath',
  'subPathExpr',
  'mountPropagation',
  'recursiveReadOnly',
]);
const MOUNT_PROPAGATION = new Set(['None', 'HostToContainer', 'Bidirectional']);
const RECURSIVE_READ_ONLY = new Set(['Disabled', 'IfPossible', 'Enabled']);
/** core/v1 VolumeSource members. */
export const VOLUME_SOURCES = new Set([
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi',
  'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc',
  'azureFile', 'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected',
  'portworxVolume', 'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
]); // prettier-ignore
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// Kubernetes 1.34 relaxed env names to any printable ASCII but '='.
const ENV_NAME = /^[\x20-\x3c\x3e-\x7e]+$/;

type Check = (item: JsonObject, at: string) => string[];

function unknownFields(item: JsonObject, known: ReadonlySet<string>, at: string): string[] {
  return Object.keys(item)
    .filter((field) => !known.has(field))
    .map((field) => `${at}.${field}: unknown field`);
}

const checkEnv: Check = (item, at) => {
  const problems = unknownFields(item, ENV_FIELDS, at);
  const { name, value, valueFrom } = item;
  if (typeof name !== 'string' || name === '') problems.push(`${at}.name: required`);
  else if (!ENV_NAME.test(name))
    problems.push(`${at}.name: must be printable ASCII characters other than '='`);
  if (value !== undefined && typeof value !== 'string') problems.push(`${at}.value: must be a string`);
  if (valueFrom !== undefined) {
    if (!isPlainObject(valueFrom)) {
      problems.push(`${at}.valueFrom: must be an object`);
    } else {
      const sources = Object.keys(valueFrom);
      problems.push(...unknownFields(valueFrom, ENV_SOURCES, `${at}.valueFrom`));
      if (sources.length !== 1) problems.push(`${at}.valueFrom: must have exactly one source`);
      if (typeof value === 'string' && value !== '') {
        problems.push(`${at}.valueFrom: may not be specified when value is not empty`);
      }
    }
  }
  return problems;
};

function checkRef(ref: unknown, at: string): string[] {
  if (!isPlainObject(ref)) return [`${at}: must be an object`];
  const problems = unknownFields(ref, REF_FIELDS, at);
  if (typeof ref['name'] !== 'string' || ref['name'] === '') problems.push(`${at}.name: required`);
  if (ref['optional'] !== undefined && typeof ref['optional'] !== 'boolean') {
    problems.push(`${at}.optional: must be a boolean`);
  }
  return problems;
}

const checkEnvFrom: Check = (item, at) => {
  const problems = unknownFields(item, ENV_FROM_FIELDS, at);
  const { prefix, configMapRef, secretRef } = item;
  if (prefix !== undefined && typeof prefix !== 'string') problems.push(`${at}.prefix: must be a string`);
  if ((configMapRef === undefined) === (secretRef === undefined)) {
    problems.push(`${at}: must have exactly one of configMapRef or secretRef`);
  }
  if (configMapRef !== undefined) problems.push(...checkRef(configMapRef, `${at}.configMapRef`));
  if (secretRef !== undefined) problems.push(...checkRef(secretRef, `${at}.secretRef`));
  return problems;
};

const checkMount: Check = (item, at) => {
  const problems = unknownFields(item, MOUNT_FIELDS, at);
  const { name, mountPath, readOnly, subPath, subPathExpr, mountPropagation, recursiveReadOnly } = item;
  if (typeof name !== 'string' || name === '') problems.push(`${at}.name: required`);
  if (typeof mountPath !== 'string' || mountPath === '') problems.push(`${at}.mountPath: required`);
  if (readOnly !== undefined && typeof readOnly !== 'boolean')
    problems.push(`${at}.readOnly: must be a boolean`);
  for (const [field, value] of Object.entries({ subPath, subPathExpr })) {
    if (value !== undefined && typeof value !== 'string') problems.push(`${at}.${field}: must be a string`);
  }
  if (subPath && subPathExpr) problems.push(`${at}: subPath and subPathExpr are mutually exclusive`);
  if (mountPropagation !== undefined && !MOUNT_PROPAGATION.has(mountPropagation as string)) {
    problems.push(`${at}.mountPropagation: must be one of ${[...MOUNT_PROPAGATION].join(', ')}`);
  }
  if (recursiveReadOnly !== undefined && !RECURSIVE_READ_ONLY.has(recursiveReadOnly as string)) {
    problems.push(`${at}.recursiveReadOnly: must be one of ${[...RECURSIVE_READ_ONLY].join(', ')}`);
  }
  return problems;
};

const checkVolume: Check = (item, at) => {
  const problems: string[] = [];
  const { name } = item;
  if (typeof name !== 'string' || name === '') problems.push(`${at}.name: required`);
  else if (name.length > 63 || !DNS1123_LABEL.test(name)) {
    problems.push(
      `${at}.name: must be a DNS-1123 label (lower case alphanumeric or '-', at most 63 characters)`,
    );
  }
  const sources = Object.keys(item).filter((field) => field !== 'name');
  for (const field of sources) {
    if (!VOLUME_SOURCES.has(field)) problems.push(`${at}.${field}: unknown field (not a volume source)`);
    else if (!isPlainObject(item[field])) problems.push(`${at}.${field}: must be an object`);
  }
  if (sources.length > 1)
    problems.push(`${at}: must have exactly one volume source, found ${sources.join(', ')}`);
  return problems;
};

function checkList(
  spec: JsonObject,
  field: string,
  check: Check,
  keyOf: (item: JsonObject) => string[],
): string[] {
  const list = spec[field];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) return [`spec.${field}: must be a list`];
  const problems: string[] = [];
  const seen = new Set<string>();
  list.forEach((item: unknown, i) => {
    const at = `spec.${field}[${i}]`;
    if (!isPlainObject(item)) {
      problems.push(`${at}: must be an object`);
      return;
    }
    problems.push(...check(item, at));
    for (const key of keyOf(item)) {
      if (seen.has(key)) problems.push(`${at}: duplicate ${key}`);
      seen.add(key);
    }
  });
  return problems;
}

const named = (item: JsonObject): string[] => [`name ${JSON.stringify(item['name'])}`];

/** Where core/v1 keeps a resource.Quantity in an env var or volume: member name under its parent. */
const QUANTITY_AT: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['emptyDir', new Set(['sizeLimit'])],
  ['resourceFieldRef', new Set(['divisor'])],
  ['requests', new Set(['storage'])],
  ['limits', new Set(['storage'])],
]);

/**
 * quantityProblems checks every Quantity in `value` (found by its parent's member name), so a
 * preset never carries one the API server would not (and never makes normalisation slow).
 */
function quantityProblems(value: unknown, at: string, parent = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => quantityProblems(item, `${at}[${i}]`, parent));
  if (!isPlainObject(value)) return [];
  return Object.entries(value).flatMap(([member, child]) => {
    const path = `${at}.${member}`;
    const problem = QUANTITY_AT.get(parent)?.has(member) ? quantityProblem(child) : undefined;
    return problem ? [`${path}: ${problem}`] : quantityProblems(child, path, member);
  });
}

/** validateItems returns every problem in a preset spec's env, envFrom, volumes and volumeMounts. */
export function validateItems(spec: JsonObject): string[] {
  const problems = [
    ...checkList(spec, 'env', checkEnv, named),
    ...checkList(spec, 'envFrom', checkEnvFrom, () => []),
    ...checkList(spec, 'volumes', checkVolume, named),
    ...checkList(spec, 'volumeMounts', checkMount, (m) => [
      `name ${JSON.stringify(m['name'])}`,
      `mountPath ${JSON.stringify(m['mountPath'])}`,
    ]),
  ];
  problems.push(
    ...quantityProblems(spec['env'], 'spec.env'),
    ...quantityProblems(spec['volumes'], 'spec.volumes'),
  );
  const lists = ['env', 'envFrom', 'volumes', 'volumeMounts'].map((f) => spec[f]);
  if (lists.every((list) => !Array.isArray(list) || list.length === 0)) {
    problems.push('spec: must set at least one of env, envFrom, volumes or volumeMounts');
  }
  const volumeNames = new Set(
    (Array.isArray(spec['volumes']) ? spec['volumes'] : []).map((v: unknown) =>
      isPlainObject(v) ? v['name'] : undefined,
    ),
  );
  (Array.isArray(spec['volumeMounts']) ? spec['volumeMounts'] : []).forEach((mount: unknown, i) => {
    if (isPlainObject(mount) && typeof mount['name'] === 'string' && !volumeNames.has(mount['name'])) {
      problems.push(
        `spec.volumeMounts[${i}].name: ${JSON.stringify(mount['name'])} is not one of this preset's volumes`,
      );
    }
  });
  return problems;
}
