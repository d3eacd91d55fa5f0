/**
 * What every cluster-mode adapter shares about talking to the Kubernetes API with
 * @kubernetes/client-node 1.x: loading the config, reading API errors, patch content types and
 * the two timestamp formats the API insists on.
 */
import { KubeConfig, PatchStrategy, V1MicroTime, setHeaderOptions } from '@kubernetes/client-node';

/**
 * loadKubeConfig reads `path` when given, else what `KUBECONFIG` or ~/.kube/config names, else
 * the in-cluster service account (client-node's loadFromDefault does the last three).
 */
export function loadKubeConfig(path?: string): KubeConfig {
  const kc = new KubeConfig();
  if (path !== undefined) kc.loadFromFile(path);
  else kc.loadFromDefault();
  if (!kc.getCurrentCluster()) {
    throw new Error(
      path === undefined
        ? 'no Kubernetes configuration: not in a cluster, and neither --kubeconfig, KUBECONFIG nor ~/.kube/config names a cluster'
        : `the kubeconfig ${path} has no current cluster`,
    );
  }
  return kc;
}

/** The generated patch methods send JSON Patch unless told otherwise (KUBERNETES-NOTES). */
export const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
export const JSON_PATCH = setHeaderOptions('Content-Type', PatchStrategy.JsonPatch);

/** httpStatusOf returns the HTTP status of a failed API call, or undefined for a network failure. */
export function httpStatusOf(error: unknown): number | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (typeof code === 'number') return code;
  if (typeof statusCode === 'number') return statusCode;
  return undefined;
}

/** describeKubeError turns a client-node error into one line: `404 NotFound: secrets "x" not found`. */
export function describeKubeError(error: unknown): string {
  const status = httpStatusOf(error);
  const body = (error as { body?: unknown } | null)?.body;
  if (status !== undefined && body !== undefined) {
    let parsed: unknown = body;
    if (typeof body === 'string') {
      try {
        parsed = JSON.parse(body);
      } catch {
        return `${status}: ${body.slice(0, 200)}`;
      }
    }
    const { reason, message } = (parsed ?? {}) as { reason?: unknown; message?: unknown };
    return `${status}${typeof reason === 'string' ? ` ${reason}` : ''}: ${typeof message === 'string' ? message : 'no message'}`;
  }
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error && !error.message.includes(cause.message)
      ? `${error.message}: ${cause.message}`
      : error.message;
  }
  return String(error);
}

/** microTime is a MicroTime (six fractional digits): Lease renewTime/acquireTime reject a plain Date. */
export const microTime = (ms: number): V1MicroTime => new V1MicroTime(ms);

/** rfc3339 is a metav1.Time as the API server writes it: seconds, UTC. */
export const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
