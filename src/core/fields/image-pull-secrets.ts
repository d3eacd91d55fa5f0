/** `imagePullSecrets`: pull secrets added to a matching Pod, keyed by name; never a conflict (docs/SPEC.md §8.2). */
import { normalizeJson } from '../equality.js';
import { missingText, unknownFields } from './checks.js';
import { byName, defineField, listField } from './field.js';

const MEMBERS = new Set(['name']);

export const imagePullSecrets = defineField({
  name: 'imagePullSecrets',
  level: 'pod',
  ...listField,
  ...byName,
  label: (key) => `imagePullSecret ${JSON.stringify(key.key)}`,
  normalize: normalizeJson,
  check: (item, at) => {
    const problems = unknownFields(item, MEMBERS, at);
    if (typeof item['name'] !== 'string' || item['name'] === '')
      problems.push(missingText(item['name'], `${at}.name`));
    return problems;
  },
  schema: {
    model: 'V1LocalObjectReference',
    listType: 'map',
    maxItems: 32,
    required: ['name'],
    description: 'Secrets for pulling images, added to a matching Pod unless one of the same name is there.',
  },
});
