/**
 * Paginated list calls, as kubectl makes them (`limit=500`, then `continue` until the server has
 * no more), answered as the API server's own JSON. Not client-node's typed list functions: their
 * deserialiser keeps only the fields its models know, and a Pod field newer than the library
 * would vanish before the staleness comparison sees it.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { isPlainObject } from '../core/json.js';
import type { JsonObject } from '../core/types.js';
import { requestJson, serverUrl } from './raw-api.js';

/** kubectl's default chunk size (`--chunk-size`). */
export const PAGE_SIZE = 500;

export interface ListOptions {
  /** `/api/v1/pods`, `/apis/apps/v1/namespaces/shop/deployments`, … */
  readonly path: string;
  readonly labelSelector?: string | undefined;
  readonly pageSize?: number;
}

/** listAll returns every item of a collection, one page after another, as plain JSON objects. */
export async function listAll(kc: KubeConfig, options: ListOptions): Promise<JsonObject[]> {
  const items: JsonObject[] = [];
  let token: string | undefined;
  do {
    const url = serverUrl(kc, options.path);
    url.searchParams.set('limit', String(options.pageSize ?? PAGE_SIZE));
    if (options.labelSelector) url.searchParams.set('labelSelector', options.labelSelector);
    if (token) url.searchParams.set('continue', token);
    const page = await requestJson(kc, 'GET', url);
    if (!isPlainObject(page) || !Array.isArray(page['items']))
      throw new Error(`GET ${options.path}: the answer is not a list`);
    for (const item of page['items']) if (isPlainObject(item)) items.push(item);
    const metadata = isPlainObject(page['metadata']) ? page['metadata'] : {};
    token =
      typeof metadata['continue'] === 'string' && metadata['continue'] !== ''
        ? metadata['continue']
        : undefined;
  } while (token);
  return items;
}

/** collectionPath builds a list path: cluster-wide when `namespace` is undefined. */
export function collectionPath(group: string, version: string, resource: string, namespace?: string): string {
  const root = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
  return namespace === undefined
    ? `${root}/${resource}`
    : `${root}/namespaces/${encodeURIComponent(namespace)}/${resource}`;
}
