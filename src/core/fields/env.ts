/** `env`: environment variables for each targeted container, keyed by name (docs/SPEC.md §2.5). */
import { normalizeJson } from '../equality.js';
import { isPlainObject } from '../json.js';
import { missingText, quantityProblems, unknownFields } from './checks.js';
import { byName, defineField, listField } from './field.js';

const ENV_FIELDS = new Set(['name', 'value', 'valueFrom']);
const ENV_SOURCES = new Set([
  'fieldRef',
  'resourceFieldRef',
  'configMapKeyRef',
  'secretKeyRef',
  'fileKeyRef',
]);
// Kubernetes 1.34 relaxed env names to any printable ASCII but '='.
const ENV_NAME = /^[\x20-\x3c\x3e-\x7e]+$/;

export const env = defineField({
  name: 'env',
  level: 'container',
  ...listField,
  ...byName,
  label: (key) => `env var ${JSON.stringify(key.key)}`,
  normalize: normalizeJson,
  check: (item, at) => {
    const problems = [...unknownFields(item, ENV_FIELDS, at), ...quantityProblems(item, at)];
    const { name, value, valueFrom } = item;
    if (typeof name !== 'string' || name === '') problems.push(missingText(name, `${at}.name`));
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
  },
  schema: {
    model: 'V1EnvVar',
    listType: 'map',
    maxItems: 256,
    description:
      'Environment variables added to the containers and init containers of a matching Pod that ' +
      'containerSelector targets (omitted: every one of the Pod’s own), unless one of the same name is already ' +
      'there. A different value under the same name is a conflict, which conflictPolicy resolves.',
  },
});
