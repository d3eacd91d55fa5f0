/**
 * What the API server refuses in a container because of the list it is in (k8s.io/kubernetes
 * pkg/apis/core/validation: validateInitContainers, validateContainers, validateProbe). A preset
 * container that breaks one of these rules makes every Pod it is added to invalid: the API server
 * rejects the Pod after the webhook answered, so the preset is refused up front (docs/fields.md).
 */
import { isPlainObject } from '../json.js';
import type { JsonObject } from '../types.js';

/** Members an init container may have only as a native sidecar (restartPolicy: Always). */
const SIDECAR_ONLY = ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const;
/** Probes whose successThreshold must be 1: one success is all a liveness or startup check means. */
const ONE_SUCCESS = ['livenessProbe', 'startupProbe'] as const;

const isSet = (value: unknown): boolean => value !== undefined && value !== null;

function successThresholds(item: JsonObject, at: string): string[] {
  return ONE_SUCCESS.flatMap((probe) => {
    const value = item[probe];
    return isPlainObject(value) && isSet(value['successThreshold']) && value['successThreshold'] !== 1
      ? [`${at}.${probe}.successThreshold: must be 1`]
      : [];
  });
}

/** initContainerProblems: an init container runs to completion unless it is a native sidecar. */
export function initContainerProblems(item: JsonObject, at: string): string[] {
  const policy = item['restartPolicy'];
  if (!isSet(policy)) {
    return SIDECAR_ONLY.filter((member) => isSet(item[member])).map(
      (member) =>
        `${at}.${member}: only a native sidecar (restartPolicy: Always) may have one; an init container without it runs to completion`,
    );
  }
  if (policy !== 'Always') {
    return [
      `${at}.restartPolicy: must be Always (a native sidecar) or absent (an init container that runs to completion)`,
    ];
  }
  return successThresholds(item, at);
}

/** appContainerProblems: a container's restart is the Pod's restartPolicy, not its own. */
export function appContainerProblems(item: JsonObject, at: string): string[] {
  const problems = successThresholds(item, at);
  if (isSet(item['restartPolicy'])) {
    problems.push(
      `${at}.restartPolicy: only an init container may set it (a native sidecar is an init container with restartPolicy: Always)`,
    );
  }
  return problems;
}
