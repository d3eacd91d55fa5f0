/**
 * The report of `podpreset stale` (docs/SPEC.md §10): every reportable Pod evaluated, grouped by its
 * top owner; only workloads with something stale are listed, each with how many Pods it runs.
 */
import type { PresetCatalog } from './catalog.js';
import { isPlainObject } from './json.js';
import type { OwnerIndex, WorkloadRef } from './owners.js';
import {
  podStaleness,
  presetLabelsByAnnotation,
  reportable,
  type LivePod,
  type StaleReason,
} from './staleness.js';

export interface StalePod {
  readonly pod: string;
  readonly reason: StaleReason;
  readonly preset: string;
  readonly message: string;
}

export interface StaleWorkload extends WorkloadRef {
  /** Reportable Pods of the workload, stale or not. */
  readonly pods: number;
  readonly stale: readonly StalePod[];
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const workloadKey = (w: WorkloadRef): string => `${w.namespace}\u0000${w.kind}\u0000${w.name}`;

/** staleReport evaluates `pods` against `catalog` and groups what is stale by workload, sorted by namespace, kind and name. */
export function staleReport(
  pods: readonly LivePod[],
  owners: OwnerIndex,
  catalog: PresetCatalog,
): StaleWorkload[] {
  const known = presetLabelsByAnnotation(catalog);
  const workloads = new Map<string, { ref: WorkloadRef; pods: number; stale: StalePod[] }>();
  for (const pod of pods) {
    const namespace = typeof pod.metadata?.namespace === 'string' ? pod.metadata.namespace : '';
    if (!reportable(pod, namespace, catalog.labelsOf(namespace))) continue;
    const ref = owners.topOwner(pod, namespace);
    const key = workloadKey(ref);
    let workload = workloads.get(key);
    if (!workload) {
      workload = { ref, pods: 0, stale: [] };
      workloads.set(key, workload);
    }
    workload.pods += 1;
    const name =
      isPlainObject(pod.metadata) && typeof pod.metadata.name === 'string' ? pod.metadata.name : '';
    for (const finding of podStaleness(pod, namespace, catalog, known))
      workload.stale.push({ pod: name, ...finding });
  }
  return [...workloads.entries()]
    .filter(([, w]) => w.stale.length > 0)
    .sort(([a], [b]) => compare(a, b))
    .map(([, w]) => ({
      ...w.ref,
      pods: w.pods,
      stale: [...w.stale].sort((a, b) => compare(a.pod, b.pod)),
    }));
}

/** stalePodCount counts the distinct Pods of a workload with at least one finding. */
export const stalePodCount = (workload: StaleWorkload): number =>
  new Set(workload.stale.map((s) => s.pod)).size;
