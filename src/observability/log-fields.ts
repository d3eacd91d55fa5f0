/**
 * Log fields taken from input are bounded: a 2.9 MB Pod name must not write a 2.9 MB log line per
 * request, and a Pod with 60,000 conflicting containers must not write 60,000 messages. Applied
 * to every line by the root logger, so no call site can forget it.
 */

/** Longest string kept in a log field: any Kubernetes name or message fits, with room to spare. */
export const MAX_LOG_STRING = 512;
/** Most items kept of a list in a log field; one more entry counts the rest. */
export const MAX_LOG_ITEMS = 20;
/** Nesting followed into log fields (decision lines are flat; a preview lists small objects). */
const MAX_DEPTH = 3;
/** What stands for a list or object nested deeper than MAX_DEPTH. */
export const NESTED_TOO_DEEP = '(nested too deep to log)';

function bound(value: unknown, depth: number): unknown {
  if (typeof value === 'string') {
    return value.length <= MAX_LOG_STRING
      ? value
      : `${value.slice(0, MAX_LOG_STRING)}… (${value.length} characters, truncated)`;
  }
  if (typeof value !== 'object' || value === null) return value;
  // Deeper than any line this project writes: cut, rather than let nesting carry input past the bounds.
  if (depth >= MAX_DEPTH && (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype)) {
    return NESTED_TOO_DEEP;
  }
  if (Array.isArray(value)) {
    const items = value.length <= MAX_LOG_ITEMS ? value : value.slice(0, MAX_LOG_ITEMS);
    const bounded = boundAll(items, depth + 1);
    if (value.length <= MAX_LOG_ITEMS) return bounded;
    return [...bounded, `… and ${value.length - MAX_LOG_ITEMS} more`];
  }
  // Errors and other class instances have serializers of their own.
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return boundFields(value as Record<string, unknown>, depth + 1);
}

/** boundAll bounds each item, returning `items` itself when none changed (no allocation per line). */
function boundAll(items: readonly unknown[], depth: number): readonly unknown[] {
  let out: unknown[] | undefined;
  items.forEach((item, i) => {
    const bounded = bound(item, depth);
    if (bounded !== item) (out ??= [...items])[i] = bounded;
  });
  return out ?? items;
}

function boundFields(fields: Record<string, unknown>, depth: number): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    const bounded = bound(value, depth);
    // A copy without a prototype: a field named `__proto__` stays a field.
    if (bounded !== value) (out ??= Object.assign(Object.create(null) as object, fields))[key] = bounded;
  }
  return out ?? fields;
}

/** boundLogFields is pino's `formatters.log`: the line's fields, with input-sized ones cut down. */
export const boundLogFields = (fields: Record<string, unknown>): Record<string, unknown> =>
  boundFields(fields, 0);
