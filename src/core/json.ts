/** Small helpers for untrusted JSON values. */
import type { JsonObject } from './types.js';

/** isPlainObject is true for a JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * shownValue is a value as an error message may show it: a short name-like string quoted (a
 * mistyped kind or version), anything else by its JSON kind only. Input can hold a secret where
 * a name was expected, so a message never quotes more than that.
 */
export function shownValue(value: unknown): string {
  if (typeof value === 'string' && /^[\w./-]{1,63}$/.test(value)) return JSON.stringify(value);
  return value === undefined ? 'nothing' : jsonKindOf(value);
}

/** What a decoded JSON value is, in a word or two (never its value): `a number`, `an array`, `null`. */
export function jsonKindOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object';
  return `a ${typeof value}`;
}

/** isStringMap is true for a JSON object whose every value is a string (no array built: hot path). */
export function isStringMap(value: unknown): value is Record<string, string> {
  if (!isPlainObject(value)) return false;
  for (const key in value) if (Object.hasOwn(value, key) && typeof value[key] !== 'string') return false;
  return true;
}

/** deepEqual compares two JSON values structurally (key order does not matter). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every(
    (key) => Object.hasOwn(b, key) && deepEqual((a as JsonObject)[key], (b as JsonObject)[key]),
  );
}

/** escapePointer escapes one JSON Pointer reference token (RFC 6901: `~` → `~0`, `/` → `~1`). */
export function escapePointer(token: string): string {
  // Most tokens (indexes, field names) need no escaping: skip the two replaceAll scans.
  if (!token.includes('~') && !token.includes('/')) return token;
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Characters no JSON string escapes; uids, resourceVersions and API version strings are made of them. */
const PLAIN = /^[\w.:/-]*$/;

/**
 * jsonString is JSON.stringify of a string, without its cost for the plain ones the hot path
 * writes on every admission (a uid, a resourceVersion): those are quoted as they are.
 */
export function jsonString(text: string): string {
  return PLAIN.test(text) ? `"${text}"` : JSON.stringify(text);
}

/** UTF-8 needs at most 3 bytes per UTF-16 code unit: a bound on a string's encoded size without measuring it. */
export const MAX_UTF8_BYTES_PER_UNIT = 3;
