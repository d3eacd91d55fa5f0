/** Shape checks several field descriptors share. */
import { isPlainObject } from '../json.js';
import { quantityProblem } from '../quantity.js';
import type { JsonObject } from '../types.js';

/** unknownFields names the members of `item` that are not in `known`. */
export function unknownFields(item: JsonObject, known: ReadonlySet<string>, at: string): string[] {
  return Object.keys(item)
    .filter((field) => !known.has(field))
    .map((field) => `${at}.${field}: unknown field`);
}

/**
 * missingText is the problem of a member that must be a non-empty string and is not: absent or
 * empty is `required`; another value is named, since YAML 1.1 reads an unquoted `y`, `no`, `on`
 * or `0400` as a boolean or a number, and "required" would send its author looking for a line
 * that is there.
 */
export function missingText(value: unknown, path: string): string {
  if (value === undefined || value === null || typeof value === 'string') return `${path}: required`;
  if (typeof value === 'boolean' || typeof value === 'number')
    return `${path}: must be a string, not the ${typeof value} ${String(value)} (quote it in YAML)`;
  return `${path}: must be a string, not ${Array.isArray(value) ? 'a list' : 'an object'}`;
}

const REF_FIELDS = new Set(['name', 'optional']);

/** checkRef checks a ConfigMap or Secret reference of an envFrom source. */
export function checkRef(ref: unknown, at: string): string[] {
  if (!isPlainObject(ref)) return [`${at}: must be an object`];
  const problems = unknownFields(ref, REF_FIELDS, at);
  if (typeof ref['name'] !== 'string' || ref['name'] === '')
    problems.push(missingText(ref['name'], `${at}.name`));
  if (ref['optional'] !== undefined && typeof ref['optional'] !== 'boolean') {
    problems.push(`${at}.optional: must be a boolean`);
  }
  return problems;
}

/**
 * Where core/v1 keeps a resource.Quantity, by the member name of its parent: the members named,
 * or every member of a ResourceList (a container's resources, an ephemeral volume's storage).
 */
const QUANTITY_AT: ReadonlyMap<string, ReadonlySet<string> | 'every'> = new Map<
  string,
  ReadonlySet<string> | 'every'
>([
  ['emptyDir', new Set(['sizeLimit'])],
  ['resourceFieldRef', new Set(['divisor'])],
  ['requests', 'every'],
  ['limits', 'every'],
]);

/**
 * quantityProblems checks every Quantity in an item (found by its parent's member name), so a
 * preset never carries one the API server would not (and never makes normalisation slow:
 * docs/hostile-input.md).
 */
export function quantityProblems(value: unknown, at: string, parent = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => quantityProblems(item, `${at}[${i}]`, parent));
  if (!isPlainObject(value)) return [];
  const quantities = QUANTITY_AT.get(parent);
  return Object.entries(value).flatMap(([member, child]) => {
    const path = `${at}.${member}`;
    const isQuantity = quantities === 'every' || (quantities?.has(member) ?? false);
    const problem = isQuantity ? quantityProblem(child) : undefined;
    return problem ? [`${path}: ${problem}`] : quantityProblems(child, path, member);
  });
}
