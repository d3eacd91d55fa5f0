/**
 * `tolerations`: added to a matching Pod unless an equal one is there (absent `operator` is
 * `Equal`; `tolerationSeconds` is significant). The whole toleration is its key, so two
 * tolerations never conflict: a different one is simply another toleration (docs/SPEC.md §8.2).
 */
import { normalizeJson } from '../equality.js';
import type { JsonObject } from '../types.js';
import { unknownFields } from './checks.js';
import { defineField, listField, str } from './field.js';

const MEMBERS = new Set(['key', 'operator', 'value', 'effect', 'tolerationSeconds']);
const OPERATORS = new Set(['Exists', 'Equal']);
const EFFECTS = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

const normalize = (item: JsonObject): JsonObject => normalizeJson({ operator: 'Equal', ...item });

const isScalar = (value: unknown): boolean => value === null || typeof value !== 'object';
/** A scalar as normalisation leaves it: the zero value of a non-pointer field is absent. */
const nonZero = (value: unknown): unknown =>
  value === '' || value === false || value === 0 || value === null ? undefined : value;

/**
 * The whole toleration, normalised, is its key. Every toleration of every Pod is keyed on each
 * admission that adds one, so the key is read off the five members (scalars from any API server)
 * as `normalize` would leave them, without building the normalised object; only a member that is
 * not a scalar takes the general path. tolerationSeconds is a pointer: its zero is kept.
 */
const id = (item: JsonObject): string => {
  const { key, value, effect, tolerationSeconds } = item;
  const operator = Object.hasOwn(item, 'operator') ? item['operator'] : 'Equal';
  if ([key, operator, value, effect, tolerationSeconds].every(isScalar)) {
    return JSON.stringify([nonZero(key), nonZero(operator), nonZero(value), nonZero(effect), tolerationSeconds]);
  }
  const n = normalize(item);
  return JSON.stringify([n['key'], n['operator'], n['value'], n['effect'], n['tolerationSeconds']]);
};
const describe = (item: JsonObject): string =>
  `${str(item['key']) || '*'}${item['value'] === undefined ? '' : `=${str(item['value'])}`}${item['effect'] ? `:${str(item['effect'])}` : ''}`;

export const tolerations = defineField({
  name: 'tolerations',
  level: 'pod',
  ...listField,
  ids: (item) => [id(item)],
  keys: (item) => [{ id: id(item), key: describe(item) }],
  label: (key) => `toleration ${JSON.stringify(key.key)}`,
  normalize,
  check: (item, at) => {
    const problems = unknownFields(item, MEMBERS, at);
    const { key, operator, value, effect, tolerationSeconds } = item;
    for (const [member, v] of Object.entries({ key, operator, value, effect })) {
      if (v !== undefined && typeof v !== 'string') problems.push(`${at}.${member}: must be a string`);
    }
    if (operator !== undefined && !OPERATORS.has(operator as string)) {
      problems.push(`${at}.operator: must be Exists or Equal`);
    }
    if (operator === 'Exists' && str(value) !== '')
      problems.push(`${at}.value: must be empty when operator is Exists`);
    if (str(key) === '' && operator !== 'Exists')
      problems.push(`${at}.operator: must be Exists when key is empty`);
    if (effect !== undefined && effect !== '' && !EFFECTS.has(effect as string)) {
      problems.push(`${at}.effect: must be one of ${[...EFFECTS].join(', ')}`);
    }
    if (tolerationSeconds !== undefined) {
      if (!Number.isInteger(tolerationSeconds)) problems.push(`${at}.tolerationSeconds: must be an integer`);
      if (effect !== 'NoExecute') problems.push(`${at}.tolerationSeconds: only with effect NoExecute`);
    }
    return problems;
  },
  // An identical toleration twice is harmless: the second is represented by the first.
  uniqueKeys: () => [],
  schema: {
    model: 'V1Toleration',
    listType: 'atomic',
    maxItems: 64,
    description:
      'Tolerations added to a matching Pod (for example for GPU nodes), unless an equal one is already there. ' +
      'Never a conflict.',
  },
});
