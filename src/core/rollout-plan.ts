/**
 * The plan of `podpreset rollout` (docs/SPEC.md §10): which stale workloads a template restart rolls out
 * (Deployments, StatefulSets, DaemonSets, as `kubectl rollout restart` would), and which need a
 * person (bare Pods, Jobs, CronJobs, anything else, and the restartable kinds a restart would not
 * roll out). Pure: the workloads come in as listed, nothing is written here.
 */
import { isPlainObject } from './json.js';
import type { WorkloadRef } from './owners.js';
import { stalePodCount, type StaleWorkload } from './stale-report.js';
import type { KubeObject } from './types.js';

export const RESTARTABLE_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

export interface PlannedWorkload extends WorkloadRef {
  /** Why it is in the plan (what is stale), and for a manual one what to do. */
  readonly reason: string;
}

export interface RolloutPlan {
  readonly restart: readonly PlannedWorkload[];
  readonly manual: readonly PlannedWorkload[];
}

/** Looks a listed workload up; undefined when it was not found. */
export type WorkloadLookup = (ref: WorkloadRef) => KubeObject | undefined;

const MANUAL_STEP: Readonly<Record<string, string>> = {
  Pod: 'a bare Pod is never restarted: delete and recreate it',
  Job: "a Job's Pods are never restarted: let it finish, or delete it and create it again",
  CronJob: 'its next scheduled Job gets the presets; a running Job is never restarted',
};

/** staleSummary says in one line what is stale: `2 of 3 Pods stale: outdated PodPreset/db`. */
export function staleSummary(workload: StaleWorkload): string {
  const findings = [...new Set(workload.stale.map((s) => `${s.reason} ${s.preset}`))];
  return `${stalePodCount(workload)} of ${workload.pods} Pods stale: ${findings.join(', ')}`;
}

/** Why a restartable kind would not roll out on a template restart, or undefined when it would. */
function notRestartable(object: KubeObject): string | undefined {
  const spec = isPlainObject(object['spec']) ? object['spec'] : {};
  if (object.kind === 'Deployment' && spec['paused'] === true)
    return 'the Deployment is paused: resume it (kubectl rollout resume) first';
  const strategy = isPlainObject(spec['updateStrategy']) ? spec['updateStrategy']['type'] : undefined;
  if (strategy === 'OnDelete') return 'updateStrategy OnDelete: its Pods are replaced only when deleted';
  return undefined;
}

/** rolloutPlan splits the stale workloads of `report` into those to restart and those to leave to a person. */
export function rolloutPlan(report: readonly StaleWorkload[], lookup: WorkloadLookup): RolloutPlan {
  const restart: PlannedWorkload[] = [];
  const manual: PlannedWorkload[] = [];
  for (const workload of report) {
    const ref: WorkloadRef = { kind: workload.kind, namespace: workload.namespace, name: workload.name };
    const summary = staleSummary(workload);
    if (!RESTARTABLE_KINDS.has(workload.kind)) {
      const step =
        MANUAL_STEP[workload.kind] ??
        `a ${workload.kind} is not restarted by podpreset: roll it out with its own tooling`;
      manual.push({ ...ref, reason: `${summary}; ${step}` });
      continue;
    }
    const object = lookup(ref);
    const blocked = object ? notRestartable(object) : `the ${workload.kind} was not found`;
    if (blocked) manual.push({ ...ref, reason: `${summary}; ${blocked}` });
    else restart.push({ ...ref, reason: summary });
  }
  return { restart, manual };
}
