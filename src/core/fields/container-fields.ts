/** What initContainers and containers share: keys, containment and item checks (docs/SPEC.md §8, §8.2). */
import { isPlainObject } from '../json.js';
import type { JsonObject } from '../types.js';
import { missingText, quantityProblems, unknownFields } from './checks.js';
import { contains, normalizeContainer } from './container-defaults.js';
import { byName, listField, str } from './field.js';

/** core/v1 Container members. */
const CONTAINER_MEMBERS = new Set([
  'name', 'image', 'command', 'args', 'workingDir', 'ports', 'envFrom', 'env', 'resources', 'resizePolicy',
  'restartPolicy', 'restartPolicyRules', 'volumeMounts', 'volumeDevices', 'livenessProbe', 'readinessProbe',
  'startupProbe', 'lifecycle', 'terminationMessagePath', 'terminationMessagePolicy', 'imagePullPolicy',
  'securityContext', 'stdin', 'stdinOnce', 'tty',
]); // prettier-ignore
const LIST_MEMBERS = ['command', 'args', 'ports', 'envFrom', 'env', 'volumeMounts', 'volumeDevices'];
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Bounds for the CEL rule that checks an added container's mounts against the preset's volumes. */
export const MAX_CONTAINERS = 16;
export const MAX_CONTAINER_MOUNTS = 64;

function check(item: JsonObject, at: string): string[] {
  const problems = [...unknownFields(item, CONTAINER_MEMBERS, at), ...quantityProblems(item, at)];
  const { name, image } = item;
  if (typeof name !== 'string' || name === '') problems.push(missingText(name, `${at}.name`));
  else if (name.length > 63 || !DNS1123_LABEL.test(name)) {
    problems.push(
      `${at}.name: must be a DNS-1123 label (lower case alphanumeric or '-', at most 63 characters)`,
    );
  }
  if (typeof image !== 'string' || image.trim() === '') problems.push(missingText(image, `${at}.image`));
  else if (image !== image.trim()) {
    // The API server refuses it in the Pod (a YAML `image: envoy:1.31 ` keeps the space when quoted).
    problems.push(`${at}.image: must not have leading or trailing whitespace`);
  }
  for (const member of LIST_MEMBERS) {
    if (item[member] !== undefined && !Array.isArray(item[member]))
      problems.push(`${at}.${member}: must be a list`);
  }
  const mounts = Array.isArray(item['volumeMounts']) ? item['volumeMounts'] : [];
  if (mounts.length > MAX_CONTAINER_MOUNTS) {
    problems.push(`${at}.volumeMounts: must have at most ${MAX_CONTAINER_MOUNTS} items`);
  }
  // The API server refuses a container that mounts two volumes, or one twice, at one path.
  const paths = new Set<string>();
  mounts.forEach((mount: unknown, i) => {
    if (!isPlainObject(mount) || str(mount['name']) === '' || str(mount['mountPath']) === '') {
      problems.push(`${at}.volumeMounts[${i}]: must have a name and a mountPath`);
      return;
    }
    const path = str(mount['mountPath']);
    if (paths.has(path))
      problems.push(`${at}.volumeMounts[${i}].mountPath: ${JSON.stringify(path)} is mounted twice`);
    paths.add(path);
  });
  return problems;
}

/** The members a container descriptor shares with the other list of containers. */
export const containerField = {
  level: 'pod',
  ...listField,
  keySpace: 'containers',
  ...byName,
  normalize: normalizeContainer,
  represents: contains,
  check,
} as const;

export const containerSchema = {
  model: 'V1Container',
  listType: 'map',
  maxItems: MAX_CONTAINERS,
  maxNameLength: 63,
  maxNestedItems: { volumeMounts: MAX_CONTAINER_MOUNTS },
} as const;
