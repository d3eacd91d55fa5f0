/**
 * `initContainers`: init containers to add, keyed by name across both container lists; inserted
 * as one block before the Pod's own, so a native sidecar (`restartPolicy: Always`) or a secret
 * fetcher runs before the app's own init steps (docs/SPEC.md §8.2).
 */
import { containerField, containerSchema } from './container-fields.js';
import { initContainerProblems } from './container-roles.js';
import { defineField } from './field.js';

export const initContainers = defineField({
  name: 'initContainers',
  ...containerField,
  check: (item, at) => [...containerField.check(item, at), ...initContainerProblems(item, at)],
  placement: 'prepend',
  label: (key) => `init container ${JSON.stringify(key.key)}`,
  schema: {
    ...containerSchema,
    description:
      'Init containers added to a matching Pod, before its own, unless one of the same name that contains ' +
      'everything this one sets is already there. A native sidecar is an init container with ' +
      'restartPolicy: Always. Its volumeMounts must name volumes of this preset.',
  },
});
