/** `volumeMounts`: mounts for each targeted container, keyed by name and, separately, by mountPath (docs/SPEC.md §2.5). */
import { normalizeJson } from '../equality.js';
import { missingText, unknownFields } from './checks.js';
import { defineField, listField, str } from './field.js';

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
const DIMENSIONS = ['name', 'mountPath'] as const;

export const volumeMounts = defineField({
  name: 'volumeMounts',
  level: 'container',
  ...listField,
  // Every mount of every targeted container is keyed on each admission: no closure per item.
  ids: (item) => [`name=${str(item['name'])}`, `mountPath=${str(item['mountPath'])}`],
  keys: (item) =>
    DIMENSIONS.map((dimension) => {
      const id = `${dimension}=${str(item[dimension])}`;
      return { id, key: id, dimension };
    }),
  label: (key, item) => {
    const dimension = key.dimension ?? 'name';
    return `volumeMount ${dimension} ${JSON.stringify(str(item[dimension]))}`;
  },
  normalize: normalizeJson,
  check: (item, at) => {
    const problems = unknownFields(item, MOUNT_FIELDS, at);
    const { name, mountPath, readOnly, subPath, subPathExpr, mountPropagation, recursiveReadOnly } = item;
    if (typeof name !== 'string' || name === '') problems.push(missingText(name, `${at}.name`));
    if (typeof mountPath !== 'string' || mountPath === '')
      problems.push(missingText(mountPath, `${at}.mountPath`));
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
  },
  uniqueKeys: (item) => DIMENSIONS.map((dimension) => `${dimension} ${JSON.stringify(item[dimension])}`),
  schema: {
    model: 'V1VolumeMount',
    listType: 'map',
    maxItems: 128,
    maxNameLength: 63,
    description:
      'Volume mounts added to the containers and init containers of a matching Pod that containerSelector ' +
      'targets (omitted: every one of the Pod’s own), keyed by name and by mountPath. Each must name one of ' +
      'this preset’s own volumes.',
  },
});
