/**
 * readClusterPresets: what `podpreset preview` without --presets previews against, and what
 * `podpreset stale` compares Pods with — the presets and namespace labels of the current
 * kubeconfig context, read with paginated list calls (no informers: these commands are one-shot).
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { API_VERSION, CLUSTER_POD_PRESET, GROUP, POD_PRESET, VERSION } from '../core/api.js';
import { describeObject, type SourcedDocument } from '../core/load.js';
import type { JsonObject } from '../core/types.js';
import { contextNamespace, describeKubeError, httpStatusOf, loadKubeConfig } from './client.js';
import { collectionPath, listAll } from './list-all.js';

/** Plain objects with kind set, named as everywhere else: `cluster: Kind ns/name`. */
const sourced = (object: JsonObject): SourcedDocument => ({
  source: `cluster: ${describeObject(object) ?? '(unnamed object)'}`,
  object,
});

/** Items of a list carry no kind of their own (the list does): put it back. */
const typed = (items: JsonObject[], apiVersion: string, kind: string): JsonObject[] =>
  items.map((item) => ({ ...item, apiVersion, kind }));

/**
 * clusterReadError turns a failed read into one Error that names the context and what the API
 * server said (or that it could not be reached).
 */
export function clusterReadError(error: unknown, context: string, what: string): Error {
  const reached = httpStatusOf(error) !== undefined;
  return new Error(
    `${reached ? `cannot read ${what} from` : 'cannot reach'} the cluster of context ${context}: ${describeKubeError(error)}`,
  );
}

/**
 * readPresetDocuments lists PodPresets (all namespaces), ClusterPodPresets and Namespaces of the
 * cluster `kc` points at, as plain objects with kind and apiVersion. It throws an Error that names
 * the context when the cluster cannot be read.
 */
export async function readPresetDocuments(kc: KubeConfig): Promise<SourcedDocument[]> {
  const context = kc.getCurrentContext();
  try {
    const [podPresets, clusterPodPresets, namespaces] = await Promise.all([
      listAll(kc, { path: collectionPath(GROUP, VERSION, POD_PRESET.plural) }),
      listAll(kc, { path: collectionPath(GROUP, VERSION, CLUSTER_POD_PRESET.plural) }),
      listAll(kc, { path: collectionPath('', 'v1', 'namespaces') }),
    ]);
    return [
      ...typed(namespaces, 'v1', 'Namespace').map(sourced),
      ...typed(clusterPodPresets, API_VERSION, 'ClusterPodPreset').map(sourced),
      ...typed(podPresets, API_VERSION, 'PodPreset').map(sourced),
    ];
  } catch (error) {
    if (httpStatusOf(error) === 404) {
      throw new Error(
        `the cluster of context ${context} has no ${GROUP}/${VERSION} API (are the podpreset CRDs installed?): ${describeKubeError(error)}`,
      );
    }
    throw clusterReadError(error, context, 'presets');
  }
}

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

/** readClusterPresets is readPresetDocuments for the cluster and context `target` names. */
export async function readClusterPresets(target: ClusterTarget = {}): Promise<ClusterPresets> {
  const kc = loadKubeConfig(target.kubeconfig, target.context);
  return { documents: await readPresetDocuments(kc), namespace: contextNamespace(kc) };
}
