/** `containers`: containers (classic sidecars) appended to a matching Pod, keyed by name (docs/SPEC.md §8.2). */
import { containerField, containerSchema } from './container-fields.js';
import { appContainerProblems } from './container-roles.js';
import { defineField } from './field.js';

export const containers = defineField({
  name: 'containers',
  ...containerField,
  check: (item, at) => [...containerField.check(item, at), ...appContainerProblems(item, at)],
  placement: 'append',
  label: (key) => `container ${JSON.stringify(key.key)}`,
  schema: {
    ...containerSchema,
    description:
      'Containers added after the containers of a matching Pod, unless one of the same name that contains ' +
      'everything this one sets is already there. Its volumeMounts must name volumes of this preset.',
  },
});
