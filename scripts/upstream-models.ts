/**
 * The schemas of Kubernetes types, read from `@kubernetes/client-node`, whose models are generated
 * from the upstream Kubernetes OpenAPI document (v1.34.0 for client-node 1.4.0). Each model class
 * exports its attribute type map (property names, types, formats) at run time; its declaration
 * file carries the upstream descriptions and which properties are required. Both are turned into
 * a structural schema here, for scripts/generate-crds.ts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import ts from 'typescript';

/** A JSON-schema node as a CRD's openAPIV3Schema holds it. */
export interface SchemaNode {
  description?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode;
  items?: SchemaNode;
  required?: string[];
  anyOf?: SchemaNode[];
  enum?: string[];
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  maxLength?: number;
  maxProperties?: number;
  'x-kubernetes-int-or-string'?: true;
  'x-kubernetes-preserve-unknown-fields'?: true;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-validations'?: { rule: string; message: string }[];
}

interface Attribute {
  name: string;
  baseName: string;
  type: string;
  format: string;
}

interface ModelDoc {
  description: string | undefined;
  properties: Map<string, { description: string | undefined; optional: boolean }>;
}

export const SOURCE_PACKAGE = '@kubernetes/client-node';
/** Formats the API server knows for CRDs; anything else the source carries is dropped. */
const KEPT_FORMATS = new Set(['int32', 'int64', 'float', 'double', 'byte', 'date-time']);

const requireFromHere = createRequire(import.meta.url);

/** sourcePackageVersion reads the exact version of the package the schemas come from. */
export function sourcePackageVersion(): string {
  const pkgPath = path.join(modelsDir(), '..', '..', '..', 'package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { name: string; version: string };
  return pkg.version;
}

function modelsDir(): string {
  return path.join(path.dirname(requireFromHere.resolve(SOURCE_PACKAGE)), 'gen', 'models');
}

/** upstreamOpenApiVersion reads the Kubernetes OpenAPI version the models were generated from. */
export function upstreamOpenApiVersion(): string {
  const text = readFileSync(path.join(modelsDir(), 'V1EnvVar.d.ts'), 'utf8');
  const match = /OpenAPI spec version: (v[0-9.]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no OpenAPI spec version in ${SOURCE_PACKAGE} models`);
  return match[1];
}

function attributesOf(model: string): Attribute[] {
  const cls = (k8s as unknown as Record<string, unknown>)[model] as
    { getAttributeTypeMap?: () => Attribute[] } | undefined;
  if (typeof cls?.getAttributeTypeMap !== 'function') {
    throw new Error(`${SOURCE_PACKAGE} has no model ${model}`);
  }
  return cls.getAttributeTypeMap();
}

/** The generator escapes quotes in descriptions (`\'`, `\"`); undo that and trim. */
function cleanDescription(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const cleaned = text.replace(/\\(['"\\])/g, '$1').trim();
  return cleaned.length > 0 ? cleaned : undefined;
}

const docCache = new Map<string, ModelDoc>();

function docOf(model: string): ModelDoc {
  const cached = docCache.get(model);
  if (cached) return cached;
  const file = path.join(modelsDir(), `${model}.d.ts`);
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  let doc: ModelDoc | undefined;
  source.forEachChild((node) => {
    if (!ts.isClassDeclaration(node) || node.name?.text !== model) return;
    const properties = new Map<string, { description: string | undefined; optional: boolean }>();
    for (const member of node.members) {
      if (!ts.isPropertyDeclaration(member) || !ts.isStringLiteral(member.name)) continue;
      properties.set(member.name.text, {
        description: jsDocText(member),
        optional: member.questionToken !== undefined,
      });
    }
    doc = { description: jsDocText(node), properties };
  });
  if (!doc) throw new Error(`no class ${model} in ${file}`);
  docCache.set(model, doc);
  return doc;
}

function jsDocText(node: ts.Node): string | undefined {
  const parts = ts
    .getJSDocCommentsAndTags(node)
    .filter(ts.isJSDoc)
    .map((d) => ts.getTextOfJSDocComment(d.comment) ?? '');
  return cleanDescription(parts.join('\n'));
}

/**
 * The members that are resource.Quantity upstream. client-node's models type them as plain
 * strings, but the API server decodes a Quantity from a JSON number too (`cpu: 1`,
 * `nvidia.com/gpu: 1` are how most manifests write them), and CRDs generated from the Go types
 * (controller-gen) mark them int-or-string; typed `string`, the CRD refused `nvidia.com/gpu: 1`.
 */
const QUANTITIES: Readonly<Record<string, readonly string[]>> = {
  V1ResourceRequirements: ['limits', 'requests'],
  V1VolumeResourceRequirements: ['limits', 'requests'],
  V1EmptyDirVolumeSource: ['sizeLimit'],
  V1ResourceFieldSelector: ['divisor'],
};

/** A fresh node each time: a shared one would be written to the CRD as a YAML anchor and alias. */
const quantity = (): SchemaNode => ({
  'x-kubernetes-int-or-string': true,
  anyOf: [{ type: 'integer' }, { type: 'string' }],
});

/** A Quantity member's schema: one Quantity, or a map of them (limits, requests). */
const quantitySchema = (type: string): SchemaNode =>
  MAP.test(type) ? { type: 'object', additionalProperties: quantity() } : quantity();

/** modelSchema converts one client-node model, and everything it references, to a structural schema. */
export function modelSchema(model: string, seen: readonly string[] = []): SchemaNode {
  if (seen.includes(model)) throw new Error(`recursive type ${[...seen, model].join(' -> ')}`);
  const doc = docOf(model);
  const properties: Record<string, SchemaNode> = {};
  const required: string[] = [];
  for (const attr of attributesOf(model)) {
    const propDoc = doc.properties.get(attr.name);
    if (!propDoc) throw new Error(`${model}.${attr.name} has no declaration`);
    const node = QUANTITIES[model]?.includes(attr.name)
      ? quantitySchema(attr.type)
      : typeSchema(attr.type, attr.format, [...seen, model]);
    properties[attr.baseName] = withDescription(node, propDoc.description);
    if (!propDoc.optional) required.push(attr.baseName);
  }
  return {
    ...(doc.description ? { description: doc.description } : {}),
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
  };
}

export function withDescription(node: SchemaNode, description: string | undefined): SchemaNode {
  if (!description) return node;
  const { description: _own, ...rest } = node;
  return { description, ...rest };
}

const ARRAY = /^Array<(.+)>$/;
const MAP = /^\{ \[key: string\]: (.+); \}$/;

function typeSchema(type: string, format: string, seen: readonly string[]): SchemaNode {
  const kept = KEPT_FORMATS.has(format) ? { format } : {};
  const array = ARRAY.exec(type);
  if (array?.[1]) return { type: 'array', items: typeSchema(array[1], '', seen) };
  const map = MAP.exec(type);
  if (map?.[1]) return { type: 'object', additionalProperties: typeSchema(map[1], '', seen) };
  switch (type) {
    case 'string':
      return { type: 'string', ...kept };
    case 'boolean':
      return { type: 'boolean' };
    case 'number':
      return format === 'int32' || format === 'int64'
        ? { type: 'integer', format }
        : { type: 'number', ...kept };
    case 'Date':
      return { type: 'string', format: 'date-time' };
    case 'IntOrString':
      return {
        'x-kubernetes-int-or-string': true,
        anyOf: [{ type: 'integer' }, { type: 'string' }],
      };
    case 'any':
      // Free-form JSON in the upstream schema (for example metav1.FieldsV1).
      return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    default:
      if (/^[A-Z]\w*$/.test(type)) return modelSchema(type, seen);
      throw new Error(`unsupported type ${type} in ${seen.join(' -> ')}`);
  }
}
