/**
 * JSON Patch (RFC 6902) emitted while merging, against the object exactly as received
 * (PRODUCT §2.10). Diffing a mutated copy would cost a deep clone and a full compare on every
 * admission; the merge already knows each addition, so it writes the operation directly.
 */
import { escapePointer } from './json.js';

export interface AddOperation {
  readonly op: 'add';
  readonly path: string;
  readonly value: unknown;
}

/** The only operation the webhook emits: it adds items and annotations, never removes or rewrites. */
export type PatchOperation = AddOperation;

/** pointer joins reference tokens into a JSON Pointer below `base`, escaping each token. */
export function pointer(base: string, ...tokens: Array<string | number>): string {
  return tokens.reduce<string>((path, token) => `${path}/${escapePointer(String(token))}`, base);
}

/**
 * appendItems adds `items` to the list at `path`: one `add …/-` per item when the list exists,
 * else one `add` of the whole list, so no empty list is ever created and existing items keep
 * their positions.
 */
export function appendItems(
  ops: PatchOperation[],
  path: string,
  existing: unknown,
  items: readonly unknown[],
): void {
  if (items.length === 0) return;
  if (Array.isArray(existing)) {
    for (const value of items) ops.push({ op: 'add', path: `${path}/-`, value });
  } else {
    ops.push({ op: 'add', path, value: [...items] });
  }
}
