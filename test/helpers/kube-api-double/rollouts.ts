/**
 * The part of the workload controllers a rollout test needs: writing the status a Deployment,
 * StatefulSet or DaemonSet controller writes once every Pod runs the current template. Through
 * the store's /status write, so it bumps the resourceVersion and emits a watch event as the
 * controller's write would, and never changes the spec.
 */
import { resourceTypeOfKind } from './resources.js';
import type { ObjectStore, StoredObject, WatchEvent } from './store.js';

const replicasOf = (object: StoredObject): number => {
  const spec = (object['spec'] ?? {}) as { replicas?: number };
  return spec.replicas ?? 1;
};

/** completedStatus is the status of a finished rollout of `object`'s current generation. */
export function completedStatus(object: StoredObject): Record<string, unknown> {
  const observedGeneration = object.metadata.generation ?? 1;
  const replicas = replicasOf(object);
  switch (object.kind) {
    case 'Deployment':
      return {
        observedGeneration,
        replicas,
        updatedReplicas: replicas,
        readyReplicas: replicas,
        availableReplicas: replicas,
      };
    case 'StatefulSet': {
      const revision = `${object.metadata.name ?? ''}-rev${observedGeneration}`;
      const asDeployment = completedStatus({ ...object, kind: 'Deployment' });
      return { ...asDeployment, currentRevision: revision, updateRevision: revision };
    }
    case 'DaemonSet': {
      const desired = ((object['status'] ?? {}) as { desiredNumberScheduled?: number })
        .desiredNumberScheduled;
      const scheduled = desired ?? 2;
      return {
        observedGeneration,
        desiredNumberScheduled: scheduled,
        currentNumberScheduled: scheduled,
        updatedNumberScheduled: scheduled,
        numberReady: scheduled,
        numberAvailable: scheduled,
      };
    }
    default:
      throw new Error(`no rollout for kind ${String(object.kind)}`);
  }
}

/** completeRollout writes the finished-rollout status of a workload, as its controller would. */
export function completeRollout(
  store: ObjectStore,
  kind: string,
  name: string,
  namespace: string,
): StoredObject {
  const type = resourceTypeOfKind(kind);
  const current = store.get(type, namespace, name);
  return store.update(type, namespace, name, { ...current, status: completedStatus(current) }, 'status');
}

const RESTARTABLE = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/** restartIn says which workload a watch event restarts (a write that raised its generation past the observed one), if any. */
export function restartIn({
  type,
  object,
}: WatchEvent): { kind: string; name: string; namespace: string } | undefined {
  if (type !== 'MODIFIED' || !RESTARTABLE.has(object.kind ?? '')) return undefined;
  const observed = (object['status'] as { observedGeneration?: number } | undefined)?.observedGeneration ?? 0;
  if ((object.metadata.generation ?? 0) <= observed) return undefined;
  return { kind: object.kind!, name: object.metadata.name!, namespace: object.metadata.namespace! };
}

/**
 * actAsControllers plays the workload controllers: when a write restarts a Deployment,
 * StatefulSet or DaemonSet (restartIn), it logs `restart NAME` and, `delayMs` later, completes the
 * rollout (`done NAME`) — or, when `finishes(name)` is false, observes the restart and gets stuck
 * at one updated replica of two. Returns the log, in the order things happened.
 */
export function actAsControllers(
  store: ObjectStore,
  finishes: (name: string) => boolean = () => true,
  delayMs = 20,
): string[] {
  const log: string[] = [];
  store.events.on('event', (event) => {
    const restart = restartIn(event);
    if (!restart) return;
    const { kind, name, namespace } = restart;
    log.push(`restart ${name}`);
    setTimeout(() => {
      if (finishes(name)) {
        completeRollout(store, kind, name, namespace);
        log.push(`done ${name}`);
        return;
      }
      const generation = event.object.metadata.generation;
      const stuck = { observedGeneration: generation, replicas: 2, updatedReplicas: 1, availableReplicas: 1 };
      const type = resourceTypeOfKind(kind);
      store.update(type, namespace, name, { ...store.get(type, namespace, name), status: stuck }, 'status');
    }, delayMs);
  });
  return log;
}
