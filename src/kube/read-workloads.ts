/**
 * The lister behind `podpreset stale` and `rollout`: Pods and the controllers needed to find each
 * Pod's top owner (ReplicaSets, Jobs), and for a rollout the workloads it may restart, each with
 * paginated list calls in one namespace or the whole cluster. It reads; the core decides.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { JsonObject } from '../core/types.js';
import { collectionPath, listAll } from './list-all.js';

export interface WorkloadScope {
  /** undefined: every namespace (`-A`). */
  readonly namespace: string | undefined;
  /** Selects the Pods (`-l`), as kubectl's label selector syntax. */
  readonly labelSelector?: string | undefined;
}

export interface ClusterWorkloads {
  readonly pods: JsonObject[];
  /** ReplicaSets and Jobs: the middle of the owner chains. */
  readonly controllers: JsonObject[];
  /** Deployments, StatefulSets and DaemonSets, when asked for (rollout). */
  readonly workloads: JsonObject[];
}

interface Kind {
  readonly group: string;
  readonly resource: string;
  readonly kind: string;
}

const POD: Kind = { group: '', resource: 'pods', kind: 'Pod' };
const CONTROLLERS: readonly Kind[] = [
  { group: 'apps', resource: 'replicasets', kind: 'ReplicaSet' },
  { group: 'batch', resource: 'jobs', kind: 'Job' },
];
const RESTARTABLE: readonly Kind[] = [
  { group: 'apps', resource: 'deployments', kind: 'Deployment' },
  { group: 'apps', resource: 'statefulsets', kind: 'StatefulSet' },
  { group: 'apps', resource: 'daemonsets', kind: 'DaemonSet' },
];

async function listKind(kc: KubeConfig, kind: Kind, scope: WorkloadScope, labelSelector?: string) {
  const path = collectionPath(kind.group, 'v1', kind.resource, scope.namespace);
  const items = await listAll(kc, { path, labelSelector });
  const apiVersion = kind.group === '' ? 'v1' : `${kind.group}/v1`;
  return items.map((item): JsonObject => ({ ...item, apiVersion, kind: kind.kind }));
}

/** readWorkloads lists what `stale` (and, with `restartable`, `rollout`) needs from the cluster. */
export async function readWorkloads(
  kc: KubeConfig,
  scope: WorkloadScope,
  restartable: boolean,
): Promise<ClusterWorkloads> {
  const [pods, controllers, workloads] = await Promise.all([
    listKind(kc, POD, scope, scope.labelSelector),
    Promise.all(CONTROLLERS.map((kind) => listKind(kc, kind, scope))),
    restartable ? Promise.all(RESTARTABLE.map((kind) => listKind(kc, kind, scope))) : [],
  ]);
  return { pods, controllers: controllers.flat(), workloads: workloads.flat() };
}
