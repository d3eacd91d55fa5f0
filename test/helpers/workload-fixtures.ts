/**
 * A small shop of workloads in the API double, as a cluster has them: controllers with their
 * status written, ReplicaSets and Jobs in between, and Pods made by the webhook itself (the
 * engine's evaluate() and its patch applied) from the presets of the day they were created.
 */
import { evaluate } from '../../src/core/evaluate.js';
import type { JsonObject } from '../../src/core/types.js';
import { applyPatch, catalogOf } from './builders.js';
import { apply, type KubeApiDouble, type StoredObject } from './kube-api-double.js';
import { resourceTypeOfKind } from './kube-api-double/resources.js';
import { completeRollout } from './kube-api-double/rollouts.js';

const API_VERSIONS: Readonly<Record<string, string>> = {
  Deployment: 'apps/v1',
  ReplicaSet: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
};

const ownerReferences = (kind: string, name: string) => [
  {
    apiVersion: API_VERSIONS[kind] ?? 'v1',
    kind,
    name,
    uid: `${name}-uid`,
    controller: true,
    blockOwnerDeletion: true,
  },
];

const template = (labels: Record<string, string>) => ({
  metadata: { labels },
  spec: { containers: [{ name: 'app', image: 'example/app:1' }] },
});

/** aWorkload seeds a Deployment, StatefulSet or DaemonSet whose last rollout finished. */
export function aWorkload(
  double: KubeApiDouble,
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet',
  name: string,
  namespace: string,
  labels: Record<string, string>,
  spec: JsonObject = {},
): StoredObject {
  const replicas = kind === 'DaemonSet' ? {} : { replicas: 2 };
  apply(double, {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace, labels },
    spec: { ...replicas, selector: { matchLabels: labels }, template: template(labels), ...spec },
  });
  return completeRollout(double.store, kind, name, namespace);
}

/** aController seeds a ReplicaSet or Job (or CronJob), owned by `owner` when given. */
export function aController(
  double: KubeApiDouble,
  kind: 'ReplicaSet' | 'Job' | 'CronJob',
  name: string,
  namespace: string,
  owner?: [string, string],
): StoredObject {
  return apply(double, {
    apiVersion: API_VERSIONS[kind],
    kind,
    metadata: { name, namespace, ...(owner ? { ownerReferences: ownerReferences(...owner) } : {}) },
    spec: {},
  });
}

export interface PodOptions {
  readonly labels: Record<string, string>;
  /** The presets (objects as applied) the webhook saw when the Pod was created. */
  readonly presetsThen?: JsonObject[];
  readonly owner?: [string, string];
  readonly annotations?: Record<string, string>;
  readonly phase?: string;
}

/** aPodMadeByTheWebhook seeds a Pod as the webhook admitted it, then its phase as the kubelet reports it. */
export function aPodMadeByTheWebhook(
  double: KubeApiDouble,
  name: string,
  namespace: string,
  options: PodOptions,
): StoredObject {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      labels: options.labels,
      ...(options.annotations ? { annotations: options.annotations } : {}),
      ...(options.owner ? { ownerReferences: ownerReferences(...options.owner) } : {}),
    },
    spec: { containers: [{ name: 'app', image: 'example/app:1' }] },
  };
  const presets = (options.presetsThen ?? []).map((p) => ({
    ...p,
    metadata: { ...(p['metadata'] as JsonObject), resourceVersion: '1' },
  }));
  const admitted = applyPatch(pod, evaluate(pod, '', namespace, catalogOf(...presets)).patch);
  apply(double, admitted);
  const type = resourceTypeOfKind('Pod');
  const created = double.store.get(type, namespace, name);
  return double.store.update(
    type,
    namespace,
    name,
    { ...created, status: { phase: options.phase ?? 'Running' } },
    'status',
  );
}
