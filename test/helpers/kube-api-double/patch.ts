/** The patch formats a Kubernetes API server accepts, chosen by Content-Type. */
import jsonpatch, { type Operation } from 'fast-json-patch';
import { ApiError, type StoredObject } from './store.js';
import type { ResourceType } from './resources.js';

export const JSON_PATCH = 'application/json-patch+json';
export const MERGE_PATCH = 'application/merge-patch+json';
export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** mergePatch applies an RFC 7386 merge patch: objects merge, null deletes, everything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** applyPatch applies `body` to `current` as its content type says, or throws the server's answer. */
export function applyPatch(
  resource: ResourceType,
  current: StoredObject,
  contentType: string,
  body: unknown,
): StoredObject {
  switch (contentType) {
    case JSON_PATCH: {
      if (!Array.isArray(body)) throw new ApiError(400, 'BadRequest', 'a JSON patch must be an array');
      try {
        return jsonpatch.applyPatch(structuredClone(current), body as Operation[], true, false).newDocument;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new ApiError(422, 'Invalid', `the JSON patch cannot be applied: ${message.split('\n')[0]}`);
      }
    }
    case MERGE_PATCH:
      return mergePatch(current, body) as StoredObject;
    case STRATEGIC_MERGE_PATCH:
      // Built-in types know their merge keys; the double has none of that, and nothing here uses it.
      if (!resource.custom) return mergePatch(current, body) as StoredObject;
      throw new ApiError(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: ${JSON_PATCH}, ${MERGE_PATCH}, application/apply-patch+yaml`,
      );
    default:
      throw new ApiError(
        415,
        'UnsupportedMediaType',
        `unsupported patch content type ${JSON.stringify(contentType)}`,
      );
  }
}
