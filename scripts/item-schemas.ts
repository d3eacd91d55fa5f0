/**
 * src/core/fields/item-schemas.generated.ts: the types of each injectable field's CRD schema, for
 * the core's type check (src/core/fields/type-check.ts). Written by scripts/generate-crds.ts from
 * the same field schemas it puts into crds/, so the two cannot disagree;
 * test/manifests/item-schemas.test.ts holds the committed module to the generator and to crds/.
 */
import { FIELDS } from '../src/core/fields/index.js';
import type { TypeSchema } from '../src/core/fields/type-check.js';
import { fieldSchema } from './preset-fields.js';
import type { SchemaNode } from './upstream-models.js';

/** Where the module lives, from the repository root. */
export const ITEM_SCHEMAS_MODULE = 'src/core/fields/item-schemas.generated.ts';

/** typeSchemaOf keeps of a CRD schema node what says which types a value may have. */
export function typeSchemaOf(node: SchemaNode): TypeSchema {
  const mapped = (children: Record<string, SchemaNode>): Record<string, TypeSchema> =>
    Object.fromEntries(Object.entries(children).map(([name, child]) => [name, typeSchemaOf(child)]));
  return {
    ...(node.type ? { type: node.type } : {}),
    ...(node.enum ? { enum: [...node.enum] } : {}),
    ...(node['x-kubernetes-int-or-string'] ? { 'x-kubernetes-int-or-string': true } : {}),
    ...(node['x-kubernetes-preserve-unknown-fields'] ? { 'x-kubernetes-preserve-unknown-fields': true } : {}),
    ...(node.properties ? { properties: mapped(node.properties) } : {}),
    ...(node.additionalProperties ? { additionalProperties: typeSchemaOf(node.additionalProperties) } : {}),
    ...(node.items ? { items: typeSchemaOf(node.items) } : {}),
  };
}

/** itemSchemas is the type schema of every injectable field, by name, in FIELDS order. */
export function itemSchemas(): Record<string, TypeSchema> {
  return Object.fromEntries(FIELDS.map((field) => [field.name, typeSchemaOf(fieldSchema(field))]));
}

/** Nodes at least this long as JSON, met more than once, are written once and named. */
const SHARED_MIN_LENGTH = 64;

/**
 * sharedNodes finds the schema nodes the fields repeat (a container's schema under both container
 * lists, one probe's under three members, a Quantity under every limit): each is written once in
 * the module and named, so that the module, like the schemas, says each thing once. A node inside
 * a repeated one is counted once, as it is written once.
 */
function sharedNodes(root: object): Set<string> {
  const counts = new Map<string, number>();
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    const key = JSON.stringify(node);
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    if (count === 1) for (const child of Object.values(node)) visit(child);
  };
  for (const child of Object.values(root)) visit(child);
  return new Set(
    [...counts].filter(([key, count]) => count > 1 && key.length >= SHARED_MIN_LENGTH).map(([key]) => key),
  );
}

/**
 * source writes `value` as a TypeScript expression: a shared node already declared by its name,
 * else JSON text on one line when it fits, one member per line when not.
 */
function source(value: unknown, names: ReadonlyMap<string, string>, indent = ''): string {
  const flat = JSON.stringify(value);
  const name = names.get(flat);
  if (name) return name;
  if (value === null || typeof value !== 'object') return flat;
  const inner = `${indent}  `;
  const members = Array.isArray(value)
    ? value.map((item) => source(item, names, inner))
    : Object.entries(value).map(([key, member]) => `${JSON.stringify(key)}: ${source(member, names, inner)}`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  const oneLine = `${open}${members.join(',')}${close}`;
  if (oneLine.length <= 96) return oneLine;
  return `${open}\n${members.map((member) => inner + member).join(',\n')}\n${indent}${close}`;
}

/**
 * sharedDeclarations names the shared nodes S0, S1, … in the order they are declared, each after
 * those it refers to, and returns the declarations; `names` is filled as they are.
 */
function sharedDeclarations(root: object, shared: ReadonlySet<string>, names: Map<string, string>): string[] {
  const declarations: string[] = [];
  const declare = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    const key = JSON.stringify(node);
    if (names.has(key)) return;
    for (const child of Object.values(node)) declare(child);
    if (!shared.has(key)) return;
    const name = `S${names.size}`;
    declarations.push(`const ${name}: TypeSchema = ${source(node, names)};\n`);
    names.set(key, name);
  };
  for (const child of Object.values(root)) declare(child);
  return declarations;
}

/** renderItemSchemaModule returns the module's exact content. */
export function renderItemSchemaModule(): string {
  const schemas = itemSchemas();
  const names = new Map<string, string>();
  const declarations = sharedDeclarations(schemas, sharedNodes(schemas), names);
  return (
    '// Generated by scripts/generate-crds.ts (npm run generate:crds) from the schemas of crds/. Do not edit.\n' +
    '// The types of each injectable field, as the CRD holds them (src/core/fields/type-check.ts).\n' +
    "import type { TypeSchema } from './type-check.js';\n\n" +
    declarations.join('') +
    `\nexport const ITEM_SCHEMAS: Readonly<Record<string, TypeSchema>> = ${source(schemas, names)};\n`
  );
}
