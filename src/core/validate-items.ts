/**
 * Shape rules for a preset's injectable fields: what the in-tree API validated, and what the CRD
 * schema says for objects that never pass through it (files, /preview). Each field's own rules
 * are in its descriptor (fields/); the rules across fields are here.
 */
import { FIELDS, type FieldDescriptor } from './fields/index.js';
import { isPlainObject } from './json.js';
import type { JsonObject } from './types.js';

function checkMap(spec: JsonObject, field: FieldDescriptor): string[] {
  const map = spec[field.name];
  if (map === undefined || map === null) return [];
  if (!isPlainObject(map)) return [`spec.${field.name}: must be a map of strings`];
  const items = field.itemsOf(map);
  const bound =
    items.length > field.schema.maxItems
      ? [`spec.${field.name}: must have at most ${field.schema.maxItems} entries`]
      : [];
  return [...bound, ...items.flatMap((item) => field.check(item, `spec.${field.name}`))];
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
