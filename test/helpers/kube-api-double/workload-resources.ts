/**
 * The built-in kinds `podpreset stale` and `rollout` read and write: Pods, apps/v1 workloads and
 * batch/v1 Jobs. Each has a /status subresource on a real server, so a spec write (a rollout
 * restart) never touches status and only a status write (the controller, here the test) does.
 */
import type { ResourceType } from './resources.js';

const builtIn = (group: string, version: string, resource: string, kind: string): ResourceType => ({
  group,
  version,
  resource,
  kind,
  namespaced: true,
  statusSubresource: true,
  custom: false,
});

export const WORKLOAD_RESOURCE_TYPES: readonly ResourceType[] = [
  builtIn('', 'v1', 'pods', 'Pod'),
  builtIn('apps', 'v1', 'deployments', 'Deployment'),
  builtIn('apps', 'v1', 'replicasets', 'ReplicaSet'),
  builtIn('apps', 'v1', 'statefulsets', 'StatefulSet'),
  builtIn('apps', 'v1', 'daemonsets', 'DaemonSet'),
  builtIn('batch', 'v1', 'jobs', 'Job'),
  builtIn('batch', 'v1', 'cronjobs', 'CronJob'),
];
