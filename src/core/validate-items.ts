/**
 * Shape rules for a preset's injectable fields: what the in-tree API validated, and what the CRD
 * schema says for objects that never pass through it (files, /preview). Each field's own rules
 * are in its descriptor (fields/); the rules across fields are here.
 */
import { FIELDS, type FieldDescriptor } from './fields/index.js';
import { isPlainObject } from './json.js';
import { quantityProblem } from './quantity.js';
import type { JsonObject } from './types.js';

function checkList(spec: JsonObject, field: FieldDescriptor): string[] {
  const list = spec[field.name];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) return [`spec.${field.name}: must be a list`];
  const problems: string[] = [];
  const seen = new Set<string>();
  list.forEach((item: unknown, i) => {
    const at = `spec.${field.name}[${i}]`;
    if (!isPlainObject(item)) {
      problems.push(`${at}: must be an object`);
      return;
    }
    problems.push(...field.check(item, at));
    for (const key of field.uniqueKeys(item)) {
      if (seen.has(key)) problems.push(`${at}: duplicate ${key}`);
      seen.add(key);
    }
  });
  return problems;
}

/** Where core/v1 keeps a resource.Quantity in an env var or volume: member name under its parent. */
const QUANTITY_AT: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['emptyDir', new Set(['sizeLimit'])],
  ['resourceFieldRef', new Set(['divisor'])],
  ['requests', new Set(['storage'])],
  ['limits', new Set(['storage'])],
]);

/**
 * quantityProblems checks every Quantity in `value` (found by its parent's member name), so a
 * preset never carries one the API server would not (and never makes normalisation slow).
 */
function quantityProblems(value: unknown, at: string, parent = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => quantityProblems(item, `${at}[${i}]`, parent));
  if (!isPlainObject(value)) return [];
  return Object.entries(value).flatMap(([member, child]) => {
    const path = `${at}.${member}`;
    const problem = QUANTITY_AT.get(parent)?.has(member) ? quantityProblem(child) : undefined;
    return problem ? [`${path}: ${problem}`] : quantityProblems(child, path, member);
  });
}

const FIELD_LIST = FIELDS.map((field) => field.name);
const EVERY_FIELD = `${FIELD_LIST.slice(0, -1).join(', ')} or ${FIELD_LIST.at(-1)}`;

/** validateItems returns every problem in a preset spec's injectable fields. */
export function validateItems(spec: JsonObject): string[] {
  const problems = FIELDS.flatMap((field) => checkList(spec, field));
  problems.push(
    ...quantityProblems(spec['env'], 'spec.env'),
    ...quantityProblems(spec['volumes'], 'spec.volumes'),
  );
  const lists = FIELD_LIST.map((f) => spec[f]);
  if (lists.every((list) => !Array.isArray(list) || list.length === 0)) {
    problems.push(`spec: must set at least one of ${EVERY_FIELD}`);
  }
  const volumeNames = new Set(
    (Array.isArray(spec['volumes']) ? spec['volumes'] : []).map((v: unknown) =>
      isPlainObject(v) ? v['name'] : undefined,
    ),
  );
  (Array.isArray(spec['volumeMounts']) ? spec['volumeMounts'] : []).forEach((mount: unknown, i) => {
    if (isPlainObject(mount) && typeof mount['name'] === 'string' && !volumeNames.has(mount['name'])) {
      problems.push(
        `spec.volumeMounts[${i}].name: ${JSON.stringify(mount['name'])} is not one of this preset's volumes`,
      );
    }
  });
  return problems;
}
