/**
 * What a document is made of, read from the parser's output before it is composed into values.
 *
 * Depth: the YAML composer, `toJS`, `JSON.stringify` and the YAML printer all recurse once per
 * level, so a document nested a few thousand levels deep overflows the stack — and V8 does not
 * always survive that (it can abort the process instead of throwing). Depth is therefore measured
 * without recursion, before anything recursive touches the document, and a document deeper than
 * MAX_DEPTH is refused. Real manifests nest a few dozen levels; a CRD's schema, the deepest there
 * is, under a hundred.
 *
 * Collection keys (`{{ .Values.name }}: x`, a template that was not rendered): the YAML library
 * would turn them into strings with a warning on stderr; kubectl refuses them.
 */
import { CST } from 'yaml';

/** Mappings and sequences allowed inside one another (docs/inputs.md). */
export const MAX_DEPTH = 200;

export interface Shape {
  /** Offset of the first collection nested deeper than MAX_DEPTH. */
  readonly tooDeepAt?: number;
  /** Offset of the first key that is itself a mapping or a sequence. */
  readonly collectionKeyAt?: number;
  /** Whether the document has aliases: its value can nest deeper than its text. */
  readonly aliases: boolean;
}

/** shapeOf walks a parsed (not yet composed) YAML document, without recursion. */
export function shapeOf(document: CST.Document): Shape {
  const stack: Array<readonly [CST.Token, number]> = document.value ? [[document.value, 0]] : [];
  let aliases = false;
  let collectionKeyAt: number | undefined;
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [token, depth] = next;
    if (token.type === 'alias') aliases = true;
    if (!CST.isCollection(token)) continue;
    if (depth >= MAX_DEPTH) return { tooDeepAt: token.offset, aliases };
    for (const item of token.items as CST.CollectionItem[]) {
      if (item.key) stack.push([item.key, depth + 1]);
      if (item.value) stack.push([item.value, depth + 1]);
      if (collectionKeyAt === undefined && CST.isCollection(item.key)) collectionKeyAt = item.key.offset;
    }
  }
  return collectionKeyAt === undefined ? { aliases } : { collectionKeyAt, aliases };
}

/**
 * exceedsDepth says whether a decoded value nests deeper than MAX_DEPTH: for JSON (JSON.parse
 * reads any depth without recursion) and for YAML with aliases (each alias can add the depth of
 * the collection it repeats).
 */
export function exceedsDepth(value: unknown): boolean {
  const stack: Array<readonly [unknown, number]> = [[value, 0]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [node, depth] = next;
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= MAX_DEPTH) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}
