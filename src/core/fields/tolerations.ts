/**
 * `tolerations`: added to a matching Pod unless an equal one is there (absent `operator` is
 * `Equal`; `tolerationSeconds` is significant). The whole toleration is its key, so two
 * tolerations never conflict: a different one is simply another toleration (docs/SPEC.md §8.2).
 */
import { normalizeJson } from '../equality.js';
import { labelValueProblem, qualifiedNameProblem } from '../names.js';
import type { JsonObject } from '../types.js';
import { unknownFields } from './checks.js';
import { defineField, listField, str } from './field.js';

const MEMBERS = new Set(['key', 'operator', 'value', 'effect', 'tolerationSeconds']);
const OPERATORS = new Set(['Exists', 'Equal']);
const EFFECTS = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

const normalize = (item: JsonObject): JsonObject => normalizeJson({ operator: 'Equal', ...item });

const isScalar = (value: unknown): boolean => value === null || typeof value !== 'object';

/**
 * One member of a normalised toleration, written so that the five parts read back unambiguously:
 * absent (or a zero that normalisation drops) `~`, a string with its length, a number or boolean
 * up to `;`, anything else as its JSON text with its length.
 */
function part(value: unknown, pointer = false): string {
  if (value === undefined || value === null) return '~';
  if (!pointer && (value === '' || value === false || value === 0)) return '~';
  if (typeof value === 'string') return `s${value.length}:${value}`;
  if (typeof value !== 'object') return `${typeof value}${String(value)};`;
  const json = JSON.stringify(value);
  return `j${json.length}:${json}`;
}

/**
 * The whole toleration, normalised, is its key. Every toleration of every Pod is keyed on each
 * admission that adds one, so when the five members are scalars (as from any API server) the key
 * is written from them directly, without building the normalised object or calling
 * JSON.stringify (each cost more than the rest of the keying); otherwise from the normalised
 * form. tolerationSeconds is a pointer: its zero is kept.
 */
const id = (item: JsonObject): string => {
  const { key, value, effect, tolerationSeconds } = item;
  const operator = Object.hasOwn(item, 'operator') ? item['operator'] : 'Equal';
  if (
    isScalar(key) &&
    isScalar(operator) &&
    isScalar(value) &&
    isScalar(effect) &&
    isScalar(tolerationSeconds)
  )
    return written(key, operator, value, effect, tolerationSeconds);
  const n = normalize(item);
  return written(n['key'], n['operator'], n['value'], n['effect'], n['tolerationSeconds']);
};

const written = (
  key: unknown,
  operator: unknown,
  value: unknown,
  effect: unknown,
  seconds: unknown,
): string => part(key) + part(operator) + part(value) + part(effect) + part(seconds, true);

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
    // Taint keys are label keys and Equal compares label values: the API server refuses others.
    const keyProblem = str(key) === '' ? undefined : qualifiedNameProblem(str(key));
    if (keyProblem) problems.push(`${at}.key: ${keyProblem}`);
    const valueProblem = operator === 'Exists' ? undefined : labelValueProblem(str(value));
    if (valueProblem) problems.push(`${at}.value: ${valueProblem}`);
    if (effect !== undefined && effect !== '' && !EFFECTS.has(effect as string)) {
      problems.push(`${at}.effect: must be one of ${[...EFFECTS].join(', ')}`);
    }
    if (tolerationSeconds !== undefined) {
      // An int64 upstream; past 2^53 a JSON number is no longer exact, and 1e300 is no int64 at all.
      if (!Number.isInteger(tolerationSeconds)) problems.push(`${at}.tolerationSeconds: must be an integer`);
      else if (!Number.isSafeInteger(tolerationSeconds)) {
        problems.push(
          `${at}.tolerationSeconds: must be an integer of at most ${Number.MAX_SAFE_INTEGER} seconds`,
        );
      }
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
