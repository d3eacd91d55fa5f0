/**
 * `envFrom`: ConfigMap and Secret sources for each targeted container, keyed by (prefix,
 * configMapRef.name, secretRef.name) (docs/SPEC.md §2.5).
 */
import { normalizeJson } from '../equality.js';
import { isPlainObject } from '../json.js';
import { checkRef, unknownFields } from './checks.js';
import { defineField, listField, str } from './field.js';
import type { JsonObject } from '../types.js';

const ENV_FROM_FIELDS = new Set(['prefix', 'configMapRef', 'secretRef']);

const refName = (ref: unknown): string => (isPlainObject(ref) ? str(ref['name']) : '');

function parts(item: JsonObject): Array<[string, string]> {
  const all: Array<[string, string]> = [
    ['configMapRef', refName(item['configMapRef'])],
    ['secretRef', refName(item['secretRef'])],
    ['prefix', str(item['prefix'])],
  ];
  return all.filter(([, value]) => value !== '');
}

const id = (item: JsonObject): string =>
  `${str(item['prefix'])}\u0000${refName(item['configMapRef'])}\u0000${refName(item['secretRef'])}`;

export const envFrom = defineField({
  name: 'envFrom',
  level: 'container',
  ...listField,
  ids: (item) => [id(item)],
  keys: (item) => [
    {
      id: id(item),
      key: parts(item)
        .map(([part, value]) => `${part}=${value}`)
        .join(','),
    },
  ],
  label: (_key, item) =>
    `envFrom ${parts(item)
      .map(([part, value]) => `${part} ${JSON.stringify(value)}`)
      .join(' ')}`,
  normalize: normalizeJson,
  check: (item, at) => {
    const problems = unknownFields(item, ENV_FROM_FIELDS, at);
    const { prefix, configMapRef, secretRef } = item;
    if (prefix !== undefined && typeof prefix !== 'string') problems.push(`${at}.prefix: must be a string`);
    if ((configMapRef === undefined) === (secretRef === undefined)) {
      problems.push(`${at}: must have exactly one of configMapRef or secretRef`);
    }
    if (configMapRef !== undefined) problems.push(...checkRef(configMapRef, `${at}.configMapRef`));
    if (secretRef !== undefined) problems.push(...checkRef(secretRef, `${at}.secretRef`));
    return problems;
  },
  // Two sources of one preset may share a key: the second is then represented by the first.
  uniqueKeys: () => [],
  schema: {
    model: 'V1EnvFromSource',
    listType: 'atomic',
    maxItems: 64,
    description:
      'Sources of environment variables (ConfigMaps, Secrets) added to the containers and init containers of ' +
      'a matching Pod that containerSelector targets (omitted: every one of the Pod’s own), keyed by prefix, ' +
      'configMapRef.name and secretRef.name.',
  },
});
