/**
 * The types of the CRD's structural schema, held to a preset's items where the API server would
 * hold them, so that an item from a file is refused for what `kubectl apply` would refuse it for
 * (docs/SPEC.md §1). The schemas are the CRD's own, projected to their types at build time
 * (item-schemas.generated.ts, written by scripts/generate-crds.ts beside crds/); this walker
 * reads them. Only types: not required members, formats, patterns or lengths.
 */
import { MAX_DEPTH, TOO_DEEP } from '../depth.js';
import { isPlainObject } from '../json.js';

/** The part of a CRD schema node that says what types a value may have. */
export interface TypeSchema {
  readonly type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  readonly properties?: Readonly<Record<string, TypeSchema>>;
  readonly additionalProperties?: TypeSchema;
  readonly items?: TypeSchema;
  readonly enum?: readonly string[];
  readonly 'x-kubernetes-int-or-string'?: true;
  readonly 'x-kubernetes-preserve-unknown-fields'?: true;
}

/** One value whose type the schema does not allow: where it is and what it must be. */
export interface TypeProblem {
  readonly path: string;
  readonly problem: string;
}

const EXPECTED = {
  object: 'must be an object',
  array: 'must be a list',
  string: 'must be a string',
  integer: 'must be an integer',
  number: 'must be a number',
  boolean: 'must be a boolean',
} as const;

function hasType(value: unknown, type: NonNullable<TypeSchema['type']>): boolean {
  switch (type) {
    case 'object':
      return isPlainObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
  }
}

/** A member's schema, own members only: a key named `constructor` or `__proto__` is data. */
const memberSchema = (schema: TypeSchema, key: string): TypeSchema | undefined =>
  schema.properties && Object.hasOwn(schema.properties, key)
    ? schema.properties[key]
    : schema.additionalProperties;

/**
 * typeProblems returns every place in `value` whose type `schema` does not allow, as the API
 * server reads a structural schema: a member the schema does not declare is an unknown field
 * (the CRD preserves unknown fields nowhere in an item but under
 * `x-kubernetes-preserve-unknown-fields`, which is not descended into); a member that is null is
 * absent (the API server prunes it); a list item that is null has no type. A problem names the
 * path and the expected type, never the value found (it can be a secret). The walk follows the
 * schema, which is finite, and stops at MAX_DEPTH all the same.
 */
export function typeProblems(value: unknown, schema: TypeSchema, at: string): TypeProblem[] {
  const problems: TypeProblem[] = [];
  walk(value, schema, at, 0, problems);
  return problems;
}

function walk(value: unknown, schema: TypeSchema, path: string, depth: number, out: TypeProblem[]): void {
  if (depth > MAX_DEPTH) {
    out.push({ path, problem: TOO_DEEP });
    return;
  }
  if (schema['x-kubernetes-int-or-string']) {
    if (typeof value !== 'string' && !Number.isInteger(value))
      out.push({ path, problem: 'must be an integer or a string' });
    return;
  }
  if (schema.type !== undefined && !hasType(value, schema.type)) {
    out.push({ path, problem: EXPECTED[schema.type] });
    return;
  }
  if (schema.enum && !schema.enum.includes(value as string)) {
    out.push({ path, problem: `must be one of ${schema.enum.join(', ')}` });
    return;
  }
  if (Array.isArray(value)) {
    const { items } = schema;
    if (items) value.forEach((item: unknown, i) => walk(item, items, `${path}[${i}]`, depth + 1, out));
    return;
  }
  if (!isPlainObject(value) || schema['x-kubernetes-preserve-unknown-fields']) return;
  for (const [key, member] of Object.entries(value)) {
    const isMapEntry = !schema.properties && schema.additionalProperties !== undefined;
    const memberPath = isMapEntry ? `${path}[${JSON.stringify(key)}]` : `${path}.${key}`;
    const child = memberSchema(schema, key);
    if (!child) out.push({ path: memberPath, problem: 'unknown field' });
    else if (member !== null) walk(member, child, memberPath, depth + 1, out);
  }
}
