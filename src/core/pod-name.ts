/**
 * What to call a Pod that does not exist yet, the same way in log lines, Events and preview: its
 * `metadata.name`, else the name the API server gave the request, else its `generateName` prefix
 * (controller-made Pods have only that; the API server appends the suffix after admission).
 */
import { isPlainObject } from './json.js';

export interface PodName {
  readonly name: string;
  /** True when `name` is a generateName prefix, not the Pod's final name. */
  readonly generated: boolean;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** podName picks the name from an object's metadata (and the admission request's name, if any). */
export function podName(metadata: unknown, requestName?: unknown): PodName | undefined {
  const fields = isPlainObject(metadata) ? metadata : {};
  const name = text(fields['name']) ?? text(requestName);
  if (name !== undefined) return { name, generated: false };
  const generateName = text(fields['generateName']);
  return generateName === undefined ? undefined : { name: generateName, generated: true };
}

/** describePodName is the name as a sentence shows it: `web-5d8f-* (generateName)` for a prefix. */
export function describePodName(name: PodName | undefined): string {
  if (name === undefined) return '* (generateName)';
  return name.generated ? `${name.name}* (generateName)` : name.name;
}
