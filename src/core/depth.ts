/**
 * How deep untrusted values may nest. The YAML composer, `toJS`, `JSON.stringify`, the YAML
 * printer and the preset compiler all recurse once per level, so a value nested a few thousand
 * levels deep overflows the stack (and V8 does not always survive that: it can abort the process
 * instead of throwing). Depth is measured without recursion, before anything recursive touches
 * the value. Real manifests nest a few dozen levels; a CRD's schema, the deepest there is, under
 * a hundred.
 */

/** Mappings and sequences allowed inside one another (docs/inputs.md). */
export const MAX_DEPTH = 200;

/** The problem of a value nested deeper than MAX_DEPTH. */
export const TOO_DEEP = `nested more than ${MAX_DEPTH} levels deep`;

/** exceedsDepth says whether a decoded value nests deeper than MAX_DEPTH, without recursion. */
export const exceedsDepth = (value: unknown): boolean => keysWithinDepth(value) === undefined;

/**
 * keysWithinDepth counts the keys of every mapping in a decoded value, or is undefined when the
 * value nests deeper than MAX_DEPTH. The count finds the duplicate keys JSON.parse drops
 * (documents/json-keys.ts); one walk does both, since on a 4 MiB file a second walk would cost as
 * much as the count itself.
 */
export function keysWithinDepth(value: unknown): number | undefined {
  let keys = 0;
  const stack: Array<readonly [unknown, number]> = [[value, 0]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [node, depth] = next;
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= MAX_DEPTH) return undefined;
    const children = Object.values(node);
    if (!Array.isArray(node)) keys += children.length;
    for (const child of children) stack.push([child, depth + 1]);
  }
  return keys;
}
