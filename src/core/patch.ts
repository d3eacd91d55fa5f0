/**
 * JSON Patch (RFC 6902) emitted while merging, against the object exactly as received
 * (docs/SPEC.md §2.10). Diffing a mutated copy would cost a deep clone and a full compare on every
 * admission; the merge already knows each addition, so it writes the operation directly.
 */
import type { FieldDescriptor, KeyedItem } from './fields/index.js';
import { escapePointer, isPlainObject } from './json.js';

/** One member of a PodSpec, as a whole value and its JSON. */
export interface SpecMember {
  readonly name: string;
  readonly value: unknown;
  readonly json: string;
}

export interface AddOperation {
  readonly op: 'add';
  readonly path: string;
  readonly value: unknown;
}

/** The only operation the webhook emits: it adds items and annotations, never removes or rewrites. */
export type PatchOperation = AddOperation;

/** pointer joins reference tokens into a JSON Pointer below `base`, escaping each token. */
export function pointer(base: string, ...tokens: Array<string | number>): string {
  let path = base;
  for (const token of tokens) path += `/${escapePointer(String(token))}`;
  return path;
}

/**
 * The largest patch the engine writes: etcd stores at most 1.5 MiB per object, so a patch whose
 * added values alone are larger can never give a Pod that is stored. A Pod with tens of thousands
 * of containers (mutating admission runs before validation, so it does reach the webhook) would
 * otherwise get a patch of a hundred megabytes and take the process's heap with it.
 */
export const MAX_PATCH_BYTES = 1.5 * 1024 * 1024;

/** A patch as operations (for preview and tests) and as the JSON text the webhook sends. */
export interface Patch {
  readonly operations: PatchOperation[];
  readonly json: string;
  /**
   * The length of the whole patch as JSON text. Past MAX_PATCH_BYTES it is still counted, but
   * `operations` and `json` are empty: nothing that large is ever held.
   */
  readonly bytes: number;
}

/**
 * PatchWriter collects operations together with their JSON text. Preset items carry their JSON
 * from compile time (KeyedItem.json), so the answer is joined from ready text: JSON.stringify
 * of a ~1.3 KB patch cost more than a quarter of the engine's time per review.
 */
export class PatchWriter {
  private operations: PatchOperation[] = [];
  /**
   * The operations' JSON text, joined as written: the answer flattens it once when it encodes
   * it, where an array joined at the end was copied once more.
   */
  private text = '';
  private bytes = 2; // the brackets

  /**
   * add appends one `add`; `json` is `value` serialised, when the caller already has it. Paths
   * are made of API field names, indexes and annotation keys built from preset names that passed
   * DNS-subdomain validation, none of which holds a character JSON escapes: they are written as
   * they are (the engine's property tests parse the text back). nodeSelector keys are label
   * keys (a DNS prefix, `/`, a name), which hold no such character either; `/` is escaped.
   */
  add(path: string, value: unknown, json = JSON.stringify(value)): void {
    const text = `{"op":"add","path":"${path}","value":${json}}`;
    this.bytes += text.length + 1;
    if (this.bytes > MAX_PATCH_BYTES) {
      // Over the bound: keep counting (the caller says how large it would have been), hold nothing.
      this.operations = [];
      this.text = '';
      return;
    }
    this.operations.push({ op: 'add', path, value });
    this.text = this.text === '' ? text : `${this.text},${text}`;
  }

  /**
   * appendItems adds `items` to the list at `path`: one `add …/-` per item when the list exists,
   * else one `add` of the whole list, so no empty list is ever created and existing items keep
   * their positions.
   */
  appendItems(path: string, existing: unknown, items: readonly KeyedItem[]): void {
    if (items.length === 0) return;
    if (Array.isArray(existing)) {
      for (const item of items) this.add(`${path}/-`, item.value, item.json);
    } else {
      this.add(path, listValue(items), listJson(items));
    }
  }

  /**
   * addItems adds the items a pod-level field gained, by the field's shape and placement: appended
   * to a list, inserted as one block at the front (`add …/0`, `…/1`: the Pod's own entries shift,
   * none is rewritten), or set per key in a map; a field the Pod lacks is added whole.
   */
  addItems(path: string, field: FieldDescriptor, existing: unknown, items: readonly KeyedItem[]): void {
    if (items.length === 0) return;
    if (field.shape === 'map') {
      if (!isPlainObject(existing)) {
        const member = PatchWriter.member(field, items);
        this.add(path, member.value, member.json);
        return;
      }
      for (const item of items)
        this.add(`${path}/${escapePointer(String(item.value['key']))}`, item.value['value']);
      return;
    }
    if (field.placement === 'append' || !Array.isArray(existing)) {
      this.appendItems(path, existing, items);
      return;
    }
    items.forEach((item, i) => this.add(`${path}/${i}`, item.value, item.json));
  }

  /** member is the whole value of a field a Pod lacks, with its JSON. */
  static member(field: FieldDescriptor, items: readonly KeyedItem[]): SpecMember {
    if (field.shape === 'map') {
      const value = Object.fromEntries(items.map((item) => [item.value['key'], item.value['value']]));
      return { name: field.name, value, json: JSON.stringify(value) };
    }
    return { name: field.name, value: listValue(items), json: listJson(items) };
  }

  /** addSpec adds a whole `spec` holding only `members`, for a template that has none. */
  addSpec(path: string, members: readonly SpecMember[]): void {
    const value = Object.fromEntries(members.map((member) => [member.name, member.value]));
    const json = `{${members.map((member) => `"${member.name}":${member.json}`).join(',')}}`;
    this.add(path, value, json);
  }

  /** finish returns the patch written so far. */
  finish(): Patch {
    return { operations: this.operations, json: `[${this.text}]`, bytes: this.bytes };
  }
}

const listValue = (items: readonly KeyedItem[]): unknown[] => items.map((item) => item.value);
const listJson = (items: readonly KeyedItem[]): string => `[${items.map((item) => item.json).join(',')}]`;
