/**
 * Validation against the upstream Kubernetes schemas, as shipped by kubernetes-models (its
 * validators are generated from the Kubernetes OpenAPI definitions), plus the annotation key
 * syntax the schema cannot express.
 */
import { Pod } from 'kubernetes-models/v1/Pod';
import { PodTemplate } from 'kubernetes-models/v1/PodTemplate';
import { ReplicationController } from 'kubernetes-models/v1/ReplicationController';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ReplicaSet } from 'kubernetes-models/apps/v1/ReplicaSet';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { qualifiedNameProblem } from '../../src/core/names.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  Pod, PodTemplate, ReplicationController, DaemonSet, Deployment, ReplicaSet, StatefulSet, CronJob, Job,
}; // prettier-ignore

/** kubeSchemaProblems returns why `object` is not a valid object of its kind, or [] when it is. */
export function kubeSchemaProblems(object: { kind?: unknown }): string[] {
  const Model = typeof object.kind === 'string' ? MODELS[object.kind] : undefined;
  if (!Model) return [`no upstream schema for kind ${String(object.kind)}`];
  const problems: string[] = [];
  try {
    new Model(object).validate();
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  const annotationMaps: unknown[] = [];
  JSON.stringify(object, (key, value: unknown) => {
    if (key === 'annotations') annotationMaps.push(value);
    return value;
  });
  for (const map of annotationMaps) {
    for (const key of Object.keys(map as object)) {
      const problem = qualifiedNameProblem(key);
      if (problem) problems.push(`annotation key ${JSON.stringify(key)}: ${problem}`);
    }
  }
  return problems;
}
