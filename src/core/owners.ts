/**
 * Which workload a Pod belongs to, as `kubectl` users name it: the controller chain followed up
 * to its top (Pod → ReplicaSet → Deployment, Pod → Job → CronJob; StatefulSet and DaemonSet own
 * their Pods directly). A Pod without a controller is its own workload.
 */
import { isPlainObject } from './json.js';
import type { KubeObject } from './types.js';

export interface WorkloadRef {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** Kinds whose own controller is worth following: their Pods are made for another workload. */
const INTERMEDIATE_KINDS = new Set(['ReplicaSet', 'Job']);

const refKey = (kind: string, namespace: string, name: string): string =>
  `${kind}\u0000${namespace}\u0000${name}`;

/** controllerOf returns the owner reference with `controller: true`, or undefined. */
export function controllerOf(object: KubeObject): { kind: string; name: string } | undefined {
  const references = object.metadata?.['ownerReferences'];
  if (!Array.isArray(references)) return undefined;
  for (const reference of references) {
    if (!isPlainObject(reference) || reference['controller'] !== true) continue;
    const { kind, name } = reference;
    if (typeof kind === 'string' && typeof name === 'string') return { kind, name };
  }
  return undefined;
}

/** OwnerIndex knows the controllers of the ReplicaSets and Jobs listed from the cluster. */
export class OwnerIndex {
  private readonly controllers = new Map<string, { kind: string; name: string } | undefined>();

  /** add records a ReplicaSet's or Job's controller (other kinds are ignored). */
  add(object: KubeObject): void {
    const { kind } = object;
    const { name, namespace } = object.metadata ?? {};
    if (typeof kind !== 'string' || !INTERMEDIATE_KINDS.has(kind) || !name || !namespace) return;
    this.controllers.set(refKey(kind, namespace, name), controllerOf(object));
  }

  /**
   * topOwner follows `pod`'s controller chain. A ReplicaSet or Job that was not listed, or has no
   * controller, is the top itself.
   */
  topOwner(pod: KubeObject, namespace: string): WorkloadRef {
    const podName = pod.metadata?.name ?? pod.metadata?.generateName ?? '';
    let owner = controllerOf(pod);
    if (!owner) return { kind: 'Pod', namespace, name: podName };
    while (INTERMEDIATE_KINDS.has(owner.kind)) {
      const next = this.controllers.get(refKey(owner.kind, namespace, owner.name));
      if (!next) break;
      owner = next;
    }
    return { kind: owner.kind, namespace, name: owner.name };
  }
}
