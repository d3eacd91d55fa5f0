/**
 * readClusterPresets: what `podpreset preview` without --presets previews against — the presets
 * and namespace labels of the current kubeconfig context, read with one list call each (no
 * informers: preview is one-shot).
 */
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { API_VERSION, CLUSTER_POD_PRESET, GROUP, POD_PRESET, VERSION } from '../core/api.js';
import { isPlainObject } from '../core/json.js';
import { describeObject, type SourcedDocument } from '../core/load.js';
import { contextNamespace, describeKubeError, httpStatusOf, loadKubeConfig } from './client.js';
import { toPlainObject } from './informers.js';

/** Plain objects with kind set (toPlainObject), named as everywhere else: `cluster: Kind ns/name`. */
const sourced = (object: Record<string, unknown>): SourcedDocument => ({
  source: `cluster: ${describeObject(object) ?? '(unnamed object)'}`,
  object,
});

const itemsOf = (list: unknown): unknown[] =>
  isPlainObject(list) && Array.isArray(list['items']) ? list['items'] : [];

/** Which cluster to read: --kubeconfig (else KUBECONFIG, ~/.kube/config) and --context (else the current one). */
export interface ClusterTarget {
  readonly kubeconfig?: string | undefined;
  readonly context?: string | undefined;
}

/** What a cluster read gives: the documents, and the context's namespace (as kubectl uses it), if it has one. */
export interface ClusterPresets {
  readonly documents: SourcedDocument[];
  readonly namespace: string | undefined;
}

/**
 * readClusterPresets lists PodPresets (all namespaces), ClusterPodPresets and Namespaces of the
 * cluster `target` names, as plain objects with kind and apiVersion. It throws an Error that
 * names the context when the cluster cannot be read.
 */
export async function readClusterPresets(target: ClusterTarget = {}): Promise<ClusterPresets> {
  const kc = loadKubeConfig(target.kubeconfig, target.context);
  const context = kc.getCurrentContext();
  const custom = kc.makeApiClient(CustomObjectsApi);
  const core = kc.makeApiClient(CoreV1Api);
  try {
    const [podPresets, clusterPodPresets, namespaces] = await Promise.all([
      custom.listClusterCustomObject({
        group: GROUP,
        version: VERSION,
        plural: POD_PRESET.plural,
      }) as Promise<unknown>,
      custom.listClusterCustomObject({
        group: GROUP,
        version: VERSION,
        plural: CLUSTER_POD_PRESET.plural,
      }) as Promise<unknown>,
      core.listNamespace(),
    ]);
    const documents = [
      // Typed list items are class instances with Date fields: toPlainObject makes them JSON.
      ...namespaces.items.map((n) => sourced(toPlainObject(n, 'v1', 'Namespace'))),
      ...itemsOf(clusterPodPresets).map((p) => sourced(toPlainObject(p, API_VERSION, 'ClusterPodPreset'))),
      ...itemsOf(podPresets).map((p) => sourced(toPlainObject(p, API_VERSION, 'PodPreset'))),
    ];
    return { documents, namespace: contextNamespace(kc) };
  } catch (error) {
    if (httpStatusOf(error) === 404) {
      throw new Error(
        `the cluster of context ${context} has no ${GROUP}/${VERSION} API (are the podpreset CRDs installed?): ${describeKubeError(error)}`,
      );
    }
    const reached = httpStatusOf(error) !== undefined;
    throw new Error(
      `${reached ? 'cannot read presets from' : 'cannot reach'} the cluster of context ${context}: ${describeKubeError(error)}`,
    );
  }
}
