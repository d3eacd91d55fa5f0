/**
 * What a document is made of, read from the parser's output before it is composed into values.
 *
 * Depth: a document deeper than MAX_DEPTH is refused before anything recursive touches it
 * (core/depth.ts says why); here it is measured on the parser's tokens, before composing.
 *
 * Collection keys (`{{ .Values.name }}: x`, a template that was not rendered): the YAML library
 * would turn them into strings with a warning on stderr; kubectl refuses them.
 */
import { CST } from 'yaml';
import { MAX_DEPTH } from '../core/depth.js';

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
