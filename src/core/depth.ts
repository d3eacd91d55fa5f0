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
