/**
 * kustomize's ReplacementTransformer (replacements, kustomize v5) as test/manifests/load.ts
 * applies it: one source field (selected by group/version/kind/name, exactly one object) copied
 * into target fields (selected by group/version/kind/name as anchored regular expressions, and an
 * annotationSelector `key` or `key=value`), along field paths of map keys, `[key]` for keys with
 * dots, `[field=value]` list elements and list indexes, with the options delimiter/index and
 * create. Anything else (sourceValue, reject, source options, other options, wildcards) throws.
 */
import { derive } from './kustomize-namespace.js';
import type { KubeObject } from './load.js';

interface Selector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  annotationSelector?: string;
}
interface Options {
  delimiter?: string;
  index?: number;
  create?: boolean;
}
export interface Replacement {
  source?: Selector & { fieldPath?: string };
  targets?: { select?: Selector; fieldPaths?: string[]; options?: Options }[];
}

function onlyKeys(value: object, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(value))
    if (!allowed.includes(key)) throw new Error(`${where}: unsupported field ${key}`);
}

const groupVersion = (apiVersion: string): [string, string] => {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
};

function idFields(o: KubeObject): Record<'group' | 'version' | 'kind' | 'name', string> {
  const [group, version] = groupVersion(o.apiVersion);
  return { group, version, kind: o.kind, name: o.metadata.name };
}

/** A source is selected by equality (kustomize's IsSelectedBy), a target by anchored regexps. */
function selects(selector: Selector, o: KubeObject, asRegexp: boolean): boolean {
  const id = idFields(o);
  for (const field of ['group', 'version', 'kind', 'name'] as const) {
    const wanted = selector[field];
    if (wanted === undefined || wanted === '') continue;
    if (asRegexp ? !new RegExp(`^(?:${wanted})$`).test(id[field]) : wanted !== id[field]) return false;
  }
  if (selector.annotationSelector !== undefined) {
    const match = /^([A-Za-z0-9./_-]+)(?:=([A-Za-z0-9._-]*))?$/.exec(selector.annotationSelector);
    if (!match) throw new Error(`annotationSelector ${selector.annotationSelector}: only key or key=value`);
    const value = o.metadata.annotations?.[match[1] as string];
    if (value === undefined || (match[2] !== undefined && value !== match[2])) return false;
  }
  return true;
}

/** splitPath splits a fieldPath at the dots outside brackets (kustomize's SmarterPathSplitter). */
function splitPath(fieldPath: string): string[] {
  const parts: string[] = [];
  let current = '';
  let depth = 0;
  for (const ch of fieldPath) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === '.' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

type Node = Record<string, unknown> | unknown[];
const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * resolve returns the parents and keys the path leads to (several when a `[field=value]` matches
 * several list elements); with `create` it makes the missing map fields on the way.
 */
function resolve(
  root: Node,
  path: readonly string[],
  create: boolean,
  where: string,
): [Node, string | number][] {
  let nodes: Node[] = [root];
  for (const [i, part] of path.entries()) {
    const last = i === path.length - 1;
    const next: [Node, string | number][] = [];
    for (const node of nodes) {
      const element = /^\[([^=\]]+)=([^\]]*)\]$/.exec(part);
      const bracketKey = /^\[([^=\]]+)\]$/.exec(part);
      if (part === '*' || part === '-') throw new Error(`${where}: ${part} in a fieldPath is not supported`);
      if (element) {
        if (!Array.isArray(node)) continue;
        node.forEach((e, index) => {
          if (isMap(e) && e[element[1] as string] === element[2]) next.push([node, index]);
        });
      } else if (/^\d+$/.test(part) && Array.isArray(node)) {
        if (Number(part) < node.length) next.push([node, Number(part)]);
      } else if (isMap(node)) {
        const key = bracketKey ? (bracketKey[1] as string) : part;
        if (node[key] === undefined && create) node[key] = last ? '' : {};
        if (node[key] !== undefined) next.push([node, key]);
      }
    }
    if (last) return next;
    nodes = next
      .map(([parent, key]) => (parent as Record<string | number, unknown>)[key])
      .filter((v): v is Node => typeof v === 'object' && v !== null);
  }
  return [];
}

function sourceValue(objects: readonly KubeObject[], replacement: Replacement, where: string): string {
  const source = replacement.source;
  if (!source) throw new Error(`${where}: needs a source (sourceValue is not supported)`);
  onlyKeys(source, ['group', 'version', 'kind', 'name', 'fieldPath'], `${where}.source`);
  const matches = objects.filter((o) => selects(source, o, false));
  if (matches.length !== 1) throw new Error(`${where}: source selects ${matches.length} objects, not one`);
  const fieldPath = source.fieldPath ?? 'metadata.name';
  const found = resolve(matches[0] as unknown as Node, splitPath(fieldPath), false, where);
  const value =
    found.length === 1 ? (found[0]![0] as Record<string | number, unknown>)[found[0]![1]] : undefined;
  if (typeof value !== 'string' || value === '')
    throw new Error(`${where}: fieldPath ${fieldPath} is missing or not a string in the source`);
  return value;
}

/** replace applies one replacement to every object it targets, returning the new list. */
export function replace(
  objects: readonly KubeObject[],
  replacement: Replacement,
  where: string,
): KubeObject[] {
  onlyKeys(replacement, ['source', 'targets'], where);
  const value = sourceValue(objects, replacement, where);
  let out = [...objects];
  for (const [t, target] of (replacement.targets ?? []).entries()) {
    const at = `${where}.targets[${t}]`;
    onlyKeys(target, ['select', 'fieldPaths', 'options'], at);
    if (!target.select) throw new Error(`${at}: target must specify resources to select`);
    onlyKeys(target.select, ['group', 'version', 'kind', 'name', 'annotationSelector'], `${at}.select`);
    const options = target.options ?? {};
    onlyKeys(options, ['delimiter', 'index', 'create'], `${at}.options`);
    if (!target.fieldPaths?.length) throw new Error(`${at}: needs fieldPaths`);
    out = out.map((o) => {
      if (!selects(target.select as Selector, o, true)) return o;
      const copy = derive(o, structuredClone(o));
      for (const fieldPath of target.fieldPaths ?? []) {
        const fields = resolve(copy as unknown as Node, splitPath(fieldPath), options.create === true, at);
        if (fields.length === 0)
          throw new Error(`${at}: unable to find field "${fieldPath}" in ${o.kind} ${o.metadata.name}`);
        for (const [parent, key] of fields) {
          const slot = parent as Record<string | number, unknown>;
          slot[key] = options.delimiter ? spliced(slot[key], value, options, at) : value;
        }
      }
      return copy;
    });
  }
  return out;
}

/** spliced replaces element `index` of the target split at the delimiter (kustomize appends past the end). */
function spliced(current: unknown, value: string, options: Options, where: string): string {
  if (typeof current !== 'string')
    throw new Error(`${where}: delimiter option can only be used with scalar nodes`);
  const parts = current.split(options.delimiter as string);
  const index = options.index ?? 0;
  if (index < 0) parts.unshift(value);
  else if (index >= parts.length) parts.push(value);
  else parts[index] = value;
  return parts.join(options.delimiter);
}
