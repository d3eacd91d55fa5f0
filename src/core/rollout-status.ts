/**
 * Has a restarted workload finished rolling out? The conditions `kubectl rollout status` checks,
 * per kind (docs/stale-and-rollout.md): the controller has seen the new generation, and updated,
 * ready and available replicas equal the desired count.
 */
import { isPlainObject } from './json.js';
import type { JsonObject, KubeObject } from './types.js';

export interface RolloutStatus {
  readonly state: 'rolling' | 'done' | 'failed';
  /** What the rollout waits for, or why it failed; what `kubectl rollout status` would say. */
  readonly message: string;
}

const num = (object: JsonObject, field: string, fallback = 0): number =>
  typeof object[field] === 'number' ? object[field] : fallback;

const rolling = (message: string): RolloutStatus => ({ state: 'rolling', message });

function deploymentStatus(spec: JsonObject, status: JsonObject): RolloutStatus {
  const conditions = Array.isArray(status['conditions']) ? status['conditions'] : [];
  const deadline = conditions.find(
    (c) => isPlainObject(c) && c['type'] === 'Progressing' && c['reason'] === 'ProgressDeadlineExceeded',
  );
  if (deadline) return { state: 'failed', message: 'exceeded its progress deadline' };
  const desired = num(spec, 'replicas', 1);
  const updated = num(status, 'updatedReplicas');
  if (updated < desired) return rolling(`${updated} of ${desired} new replicas have been updated`);
  const total = num(status, 'replicas');
  if (total > updated) return rolling(`${total - updated} old replicas are pending termination`);
  const available = num(status, 'availableReplicas');
  if (available < updated) return rolling(`${available} of ${updated} updated replicas are available`);
  return { state: 'done', message: 'successfully rolled out' };
}

function statefulSetStatus(spec: JsonObject, status: JsonObject): RolloutStatus {
  const desired = num(spec, 'replicas', 1);
  const ready = num(status, 'readyReplicas');
  if (ready < desired) return rolling(`${ready} of ${desired} Pods are ready`);
  const strategy = isPlainObject(spec['updateStrategy']) ? spec['updateStrategy'] : {};
  const rollingUpdate = isPlainObject(strategy['rollingUpdate']) ? strategy['rollingUpdate'] : {};
  const partition = num(rollingUpdate, 'partition');
  const updated = num(status, 'updatedReplicas');
  if (partition > 0) {
    if (updated < desired - partition)
      return rolling(`${updated} of ${desired - partition} updated Pods are ready (partition ${partition})`);
    return { state: 'done', message: `partitioned roll out complete: ${updated} new Pods` };
  }
  if (status['updateRevision'] !== status['currentRevision'])
    return rolling(`${updated} of ${desired} Pods run the update revision`);
  return { state: 'done', message: 'successfully rolled out' };
}

function daemonSetStatus(status: JsonObject): RolloutStatus {
  const desired = num(status, 'desiredNumberScheduled');
  const updated = num(status, 'updatedNumberScheduled');
  if (updated < desired) return rolling(`${updated} of ${desired} updated Pods are scheduled`);
  const available = num(status, 'numberAvailable');
  if (available < desired) return rolling(`${available} of ${desired} updated Pods are available`);
  return { state: 'done', message: 'successfully rolled out' };
}

/** rolloutStatus reads a Deployment, StatefulSet or DaemonSet as its controller last reported it. */
export function rolloutStatus(object: KubeObject): RolloutStatus {
  const spec = isPlainObject(object['spec']) ? object['spec'] : {};
  const status = isPlainObject(object['status']) ? object['status'] : {};
  const generation = object.metadata?.generation ?? 0;
  if (num(status, 'observedGeneration') < generation)
    return rolling('the controller has not yet observed the restart');
  switch (object.kind) {
    case 'Deployment':
      return deploymentStatus(spec, status);
    case 'StatefulSet':
      return statefulSetStatus(spec, status);
    case 'DaemonSet':
      return daemonSetStatus(status);
    default:
      return { state: 'failed', message: `a ${String(object.kind)} has no rollout` };
  }
}
