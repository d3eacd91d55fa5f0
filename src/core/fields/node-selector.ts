/**
 * `nodeSelector`: node labels a matching Pod requires, per key: the same value is represented,
 * another value is a conflict (docs/SPEC.md §8.2). Its items are the map's entries, `{key, value}`.
 */
import { isPlainObject } from '../json.js';
import { labelValueProblem, qualifiedNameProblem } from '../names.js';
import type { JsonObject } from '../types.js';
import { defineField, str } from './field.js';

export const nodeSelector = defineField({
  name: 'nodeSelector',
  level: 'pod',
  shape: 'map',
  placement: 'append',
  itemsOf: (value) =>
    isPlainObject(value) ? Object.entries(value).map(([key, v]): JsonObject => ({ key, value: v })) : [],
  ids: (item) => [str(item['key'])],
  keys: (item) => [{ id: str(item['key']), key: str(item['key']) }],
  label: (key) => `nodeSelector ${JSON.stringify(key.key)}`,
  normalize: (item) => item,
  represents: (existing, item) => existing['value'] === item['value'],
  check: (item, at) => {
    const key = str(item['key']);
    const problems: string[] = [];
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) problems.push(`${at}: key ${JSON.stringify(key)}: ${keyProblem}`);
    const value = item['value'];
    const valueProblem = typeof value === 'string' ? labelValueProblem(value) : 'must be a string';
    if (valueProblem) problems.push(`${at}[${JSON.stringify(key)}]: ${valueProblem}`);
    return problems;
  },
  uniqueKeys: () => [],
  schema: {
    maxItems: 64,
    description:
      'Node labels a matching Pod requires, per key. A Pod without nodeSelector gets the whole map; the same ' +
      'value under a key is already there; another value is a conflict.',
  },
});
