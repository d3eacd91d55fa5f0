/**
 * What `stale` and `rollout` share: the flags that say which cluster and which Pods (`--kubeconfig`,
 * `-n`/`-A`, `-l`, as kubectl), and reading the stale report from that cluster. A cluster that
 * cannot be read is input that cannot be had: a UsageError (exit 2) naming the context.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { OwnerIndex } from '../core/owners.js';
import { DEFAULT_NAMESPACE } from '../core/preview.js';
import { staleReport, type StaleWorkload } from '../core/stale-report.js';
import type { LivePod } from '../core/staleness.js';
import type { JsonObject } from '../core/types.js';
import { contextNamespace, loadKubeConfig } from '../kube/client.js';
import { clusterReadError, readPresetDocuments } from '../kube/read-cluster.js';
import { readWorkloads, type WorkloadScope } from '../kube/read-workloads.js';
import { readPresets } from './inputs.js';
import { reportProblems } from './report.js';
import { UsageError } from './usage-error.js';

export const SCOPE_FLAGS = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  namespace: { type: 'string', short: 'n' },
  'all-namespaces': { type: 'boolean', short: 'A', default: false },
  selector: { type: 'string', short: 'l' },
} as const;

export const SCOPE_HELP = `  -n, --namespace NS       the Pods of this namespace (default: the kubeconfig context's, else "default")
  -A, --all-namespaces     the Pods of every namespace
  -l, --selector SELECTOR  only Pods with these labels (kubectl syntax: app=web,tier!=db)
      --kubeconfig FILE    the cluster to read (default: KUBECONFIG, then ~/.kube/config)
      --context NAME       the kubeconfig context to use (default: the current context)`;

export interface ScopeValues {
  readonly kubeconfig?: string | undefined;
  readonly context?: string | undefined;
  readonly namespace?: string | undefined;
  readonly 'all-namespaces': boolean;
  readonly selector?: string | undefined;
}

export interface ClusterScope {
  readonly kc: KubeConfig;
  readonly scope: WorkloadScope;
}

/** resolveScope loads the kubeconfig and decides the namespace as kubectl does. */
export function resolveScope(values: ScopeValues, help: string): ClusterScope {
  if (values['all-namespaces'] && values.namespace !== undefined)
    throw new UsageError(`--namespace and --all-namespaces cannot be used together\n\n${help}`);
  let kc: KubeConfig;
  try {
    kc = loadKubeConfig(values.kubeconfig, values.context);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const namespace = values['all-namespaces']
    ? undefined
    : (values.namespace ?? contextNamespace(kc) ?? DEFAULT_NAMESPACE);
  return { kc, scope: { namespace, labelSelector: values.selector } };
}

export interface ClusterReport {
  readonly report: StaleWorkload[];
  /** Deployments, StatefulSets and DaemonSets in scope (when asked for). */
  readonly workloads: JsonObject[];
}

/**
 * readClusterReport reads presets, Namespaces, Pods and their owners and evaluates every Pod. An
 * invalid preset is named on `stderr` and skipped, as the webhook skips it.
 */
export async function readClusterReport(
  { kc, scope }: ClusterScope,
  restartable: boolean,
  stderr: NodeJS.WritableStream,
): Promise<ClusterReport> {
  const context = kc.getCurrentContext();
  const [documents, listed] = await Promise.all([
    readPresetDocuments(kc),
    readWorkloads(kc, scope, restartable).catch((error: unknown) => {
      throw clusterReadError(error, context, 'Pods and workloads');
    }),
  ]).catch((error: unknown) => {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  });
  // The documents are read already: inputs' readPresets loads them as every command loads presets.
  const { catalog, problems } = await readPresets({
    presetPaths: [],
    readCluster: () => Promise.resolve({ documents, namespace: scope.namespace }),
  });
  for (const problem of problems) reportProblems(stderr, problem);
  const owners = new OwnerIndex();
  for (const controller of listed.controllers) owners.add(controller);
  const report = staleReport(listed.pods as LivePod[], owners, catalog);
  return { report, workloads: listed.workloads };
}
