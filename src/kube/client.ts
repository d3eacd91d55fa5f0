/**
 * What every cluster-mode adapter shares about talking to the Kubernetes API with
 * @kubernetes/client-node 1.x: loading the config, reading API errors, patch content types and
 * the two timestamp formats the API insists on.
 */
import { KubeConfig, PatchStrategy, V1MicroTime, setHeaderOptions } from '@kubernetes/client-node';

/** A KubeConfigError says which configuration is missing or unusable: a misconfiguration, not an outage. */
export class KubeConfigError extends Error {}

/**
 * client-node's loadFromDefault falls back to an unauthenticated http://localhost:8080 when it
 * finds nothing; every call then fails with "HTTP protocol is not allowed…", which hides what is
 * really missing. This is that fallback's shape.
 */
const isNothingFound = (kc: KubeConfig): boolean =>
  kc.getCurrentContext() === 'loaded-context' && kc.getCurrentCluster()?.server === 'http://localhost:8080';

/**
 * loadNamed runs one of client-node's loaders, saying what named the file (`--kubeconfig PATH`,
 * `KUBECONFIG PATH`, ~/.kube/config) when it cannot be read: its own error is a bare
 * "ENOENT: no such file or directory, open '…'" that names neither.
 */
function loadNamed(load: () => void, named: string): void {
  try {
    load();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    if (typeof code === 'string') throw new KubeConfigError(`${named}: cannot be read (${code})`);
    // The parser's message quotes no credentials: it names a position in the file.
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new KubeConfigError(`${named}: not a kubeconfig (${reason})`);
  }
}

/**
 * loadKubeConfig reads `path` when given, else what `KUBECONFIG` or ~/.kube/config names, else
 * the in-cluster service account (client-node's loadFromDefault does the last three), and
 * selects `context` when given (as kubectl --context).
 */
export function loadKubeConfig(path?: string, context?: string): KubeConfig {
  const kc = new KubeConfig();
  const fromEnv = process.env['KUBECONFIG'];
  if (path !== undefined) loadNamed(() => kc.loadFromFile(path), `--kubeconfig ${path}`);
  else loadNamed(() => kc.loadFromDefault(), fromEnv ? `KUBECONFIG ${fromEnv}` : '~/.kube/config');
  if (path === undefined && isNothingFound(kc)) {
    throw new KubeConfigError(
      'no kubeconfig found (KUBECONFIG, ~/.kube/config) and not running in a cluster: pass --kubeconfig FILE',
    );
  }
  if (context !== undefined) {
    if (!kc.getContextObject(context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new KubeConfigError(
        `context ${JSON.stringify(context)} is not in the kubeconfig (it has: ${known.join(', ') || 'none'})`,
      );
    }
    kc.setCurrentContext(context);
  }
  if (!kc.getCurrentCluster()) {
    throw new KubeConfigError(
      path === undefined
        ? 'no Kubernetes configuration: not in a cluster, and neither --kubeconfig, KUBECONFIG nor ~/.kube/config names a cluster'
        : `the kubeconfig ${path} has no current cluster`,
    );
  }
  return kc;
}

/** contextNamespace is the namespace of the kubeconfig's current context, as kubectl uses it, if any. */
export const contextNamespace = (kc: KubeConfig): string | undefined =>
  kc.getContextObject(kc.getCurrentContext())?.namespace || undefined;

/** The generated patch methods send JSON Patch unless told otherwise (docs/KUBERNETES.md). */
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
