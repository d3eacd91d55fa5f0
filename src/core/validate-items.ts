/**
 * Shape rules for a preset's injectable fields: what the in-tree API validated, and what the CRD
 * schema says for objects that never pass through it (files, /preview). Each field's own rules
 * are in its descriptor (fields/); the types of the CRD's schema are held to every item
 * (fields/type-check.ts); the rules across fields are here.
 */
import { FIELDS, type FieldDescriptor } from './fields/index.js';
import { ITEM_SCHEMAS } from './fields/item-schemas.generated.js';
import { typeProblems, type TypeSchema } from './fields/type-check.js';
import { isPlainObject } from './json.js';
import type { JsonObject } from './types.js';

/**
 * withTypes adds to a field's own problems with `value` those of the CRD schema's types, except
 * at a path the field's own already name: they say it better (`must be a string, not the number
 * 5 (quote it in YAML)`) and once is enough.
 */
function withTypes(own: string[], value: unknown, schema: TypeSchema | undefined, at: string): string[] {
  if (schema === undefined) return own;
  const typed = typeProblems(value, schema, at);
  if (typed.length === 0) return own;
  const named = new Set(own.map((problem) => problem.slice(0, Math.max(0, problem.indexOf(': ')))));
  return [
    ...own,
    ...typed.filter(({ path }) => !named.has(path)).map(({ path, problem }) => `${path}: ${problem}`),
  ];
}

function checkMap(spec: JsonObject, field: FieldDescriptor): string[] {
  const map = spec[field.name];
  if (map === undefined || map === null) return [];
  if (!isPlainObject(map)) return [`spec.${field.name}: must be a map of strings`];
  const items = field.itemsOf(map);
  const bound =
    items.length > field.schema.maxItems
      ? [`spec.${field.name}: must have at most ${field.schema.maxItems} entries`]
      : [];
  const own = items.flatMap((item) => field.check(item, `spec.${field.name}`));
  return [...bound, ...withTypes(own, map, ITEM_SCHEMAS[field.name], `spec.${field.name}`)];
}

function checkList(spec: JsonObject, field: FieldDescriptor): string[] {
  if (field.shape === 'map') return checkMap(spec, field);
  const list = spec[field.name];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) return [`spec.${field.name}: must be a list`];
  // The CRD's bound, held to files too: a preset `podpreset lint` passes is one the cluster accepts.
  const problems: string[] =
    list.length > field.schema.maxItems
      ? [`spec.${field.name}: must have at most ${field.schema.maxItems} items`]
      : [];
  const itemSchema = ITEM_SCHEMAS[field.name]?.items;
  const seen = new Set<string>();
  list.forEach((item: unknown, i) => {
    const at = `spec.${field.name}[${i}]`;
    if (!isPlainObject(item)) {
      problems.push(`${at}: must be an object`);
      return;
    }
    problems.push(...withTypes(field.check(item, at), item, itemSchema, at));
    for (const key of field.uniqueKeys(item)) {
      if (seen.has(key)) problems.push(`${at}: duplicate ${key}`);
      seen.add(key);
    }
  });
  return problems;
}

const FIELD_LIST = FIELDS.map((field) => field.name);
const EVERY_FIELD = `${FIELD_LIST.slice(0, -1).join(', ')} or ${FIELD_LIST.at(-1)}`;

/** validateItems returns every problem in a preset spec's injectable fields. */
export function validateItems(spec: JsonObject): string[] {
  const problems = FIELDS.flatMap((field) => checkList(spec, field));
  if (FIELDS.every((field) => field.itemsOf(spec[field.name]).length === 0)) {
    problems.push(`spec: must set at least one of ${EVERY_FIELD}`);
  }
  const volumeNames = new Set(
    (Array.isArray(spec['volumes']) ? spec['volumes'] : []).map((v: unknown) =>
      isPlainObject(v) ? v['name'] : undefined,
    ),
  );
  // So that an injection never makes a valid Pod invalid: every mount names a volume the preset adds.
  const mountsOf = (list: unknown, at: string): void =>
    (Array.isArray(list) ? list : []).forEach((mount: unknown, i) => {
      if (isPlainObject(mount) && typeof mount['name'] === 'string' && !volumeNames.has(mount['name'])) {
        problems.push(
          `${at}[${i}].name: ${JSON.stringify(mount['name'])} is not one of this preset's volumes`,
        );
      }
    });
  mountsOf(spec['volumeMounts'], 'spec.volumeMounts');
  const names = new Map<unknown, string>();
  for (const list of ['initContainers', 'containers']) {
    (Array.isArray(spec[list]) ? spec[list] : []).forEach((container: unknown, i) => {
      if (!isPlainObject(container)) return;
      mountsOf(container['volumeMounts'], `spec.${list}[${i}].volumeMounts`);
      const name = container['name'];
      // Duplicates within one list are the list's own check; this one is across the two.
      const other = names.get(name);
      if (other !== undefined && other !== list) {
        problems.push(
          `spec.${list}[${i}].name: ${JSON.stringify(name)} is also in ${other} (names are unique across initContainers and containers)`,
        );
      }
      names.set(name, list);
    });
  }
  return problems;
}
