/**
 * The two API calls of a rollout, thin: restart a workload as `kubectl rollout restart` does (a
 * strategic merge patch of one pod template annotation, which changes the template and so makes
 * its controller replace every Pod), and read it back to see how far the rollout got.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { WorkloadRef } from '../core/owners.js';
import type { KubeObject } from '../core/types.js';
import { rfc3339 } from './client.js';
import { requestJson, serverUrl } from './raw-api.js';

/** Our own key, beside kubectl's `kubectl.kubernetes.io/restartedAt`, so a reader can tell who restarted. */
export const RESTARTED_AT_ANNOTATION = 'podpreset.dev/restartedAt';
const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';

const RESOURCES: Readonly<Record<string, string>> = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
};

function objectPath(ref: WorkloadRef): string {
  const resource = RESOURCES[ref.kind];
  if (!resource) throw new Error(`a ${ref.kind} cannot be restarted`);
  return `/apis/apps/v1/namespaces/${encodeURIComponent(ref.namespace)}/${resource}/${encodeURIComponent(ref.name)}`;
}

/** restartPatch is the patch body: the template annotation set to `nowMs` as RFC 3339. */
export const restartPatch = (nowMs: number): object => ({
  spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: rfc3339(nowMs) } } } },
});

/** restartWorkload patches the workload's pod template annotation and returns the patched object. */
export async function restartWorkload(kc: KubeConfig, ref: WorkloadRef, nowMs: number): Promise<KubeObject> {
  const answer = await requestJson(kc, 'PATCH', serverUrl(kc, objectPath(ref)), {
    contentType: STRATEGIC_MERGE_PATCH,
    value: restartPatch(nowMs),
  });
  return { ...(answer as KubeObject), kind: ref.kind };
}

/** readWorkload reads the workload as its controller last reported it. */
export async function readWorkload(kc: KubeConfig, ref: WorkloadRef): Promise<KubeObject> {
  const answer = await requestJson(kc, 'GET', serverUrl(kc, objectPath(ref)));
  return { ...(answer as KubeObject), kind: ref.kind };
}
