/** Shape checks several field descriptors share. */
import { isPlainObject } from '../json.js';
import type { JsonObject } from '../types.js';

/** unknownFields names the members of `item` that are not in `known`. */
export function unknownFields(item: JsonObject, known: ReadonlySet<string>, at: string): string[] {
  return Object.keys(item)
    .filter((field) => !known.has(field))
    .map((field) => `${at}.${field}: unknown field`);
}

const REF_FIELDS = new Set(['name', 'optional']);

/** checkRef checks a ConfigMap or Secret reference of an envFrom source. */
export function checkRef(ref: unknown, at: string): string[] {
  if (!isPlainObject(ref)) return [`${at}: must be an object`];
  const problems = unknownFields(ref, REF_FIELDS, at);
  if (typeof ref['name'] !== 'string' || ref['name'] === '') problems.push(`${at}.name: required`);
  if (ref['optional'] !== undefined && typeof ref['optional'] !== 'boolean') {
    problems.push(`${at}.optional: must be a boolean`);
  }
  return problems;
}
