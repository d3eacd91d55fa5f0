/**
 * Where each kind keeps the pod its controller will create (docs/SPEC.md §4): a workload is previewed
 * as the Pod made from its template, and its patch points into the template.
 */
import { CONTAINER_FIELDS, POD_FIELDS, fieldOf } from './fields/index.js';
import { isPlainObject, isStringMap } from './json.js';
import { pointer } from './patch.js';
import { err, ok, type Result } from './result.js';
import type { KubeObject, PodTemplate } from './types.js';

const TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: [],
  PodTemplate: ['template'],
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

export const PREVIEW_KINDS: readonly string[] = Object.keys(TEMPLATE_PATHS);

/** hasPodTemplate says whether objects of `kind` carry a pod (own keys only: not `constructor`). */
export const hasPodTemplate = (kind: string): boolean => Object.hasOwn(TEMPLATE_PATHS, kind);

export interface LocatedTemplate {
  readonly template: PodTemplate;
  /** JSON Pointer of the template in the object ('' for a Pod). */
  readonly basePath: string;
}

/** podTemplateOf finds the pod template of a Pod or workload, or says why there is none. */
export function podTemplateOf(object: KubeObject): Result<LocatedTemplate, string> {
  const path =
    typeof object.kind === 'string' && hasPodTemplate(object.kind) ? TEMPLATE_PATHS[object.kind] : undefined;
  if (!path) {
    return err(
      `kind ${JSON.stringify(object.kind)} has no pod template (expected one of ${PREVIEW_KINDS.join(', ')})`,
    );
  }
  let node: unknown = object;
  for (const token of path) {
    node = isPlainObject(node) ? node[token] : undefined;
  }
  if (!isPlainObject(node)) return err(`${object.kind} has no ${path.join('.')}`);
  const at = path.length === 0 ? '' : `${path.join('.')}.`;
  const problems = podShapeProblems(node, at);
  if (problems.length > 0) return err(problems.join('; '));
  // The API server refuses a pod without containers; a file is previewed before it gets there,
  // and a misspelt `containers` must not pass as mutated with an annotation and nothing else.
  // (The webhook never sees such a Pod stored: it is left to the API server's validation.)
  const containers = isPlainObject(node['spec']) ? node['spec']['containers'] : undefined;
  if (!Array.isArray(containers) || containers.length === 0)
    return err(`${at}spec.containers: required (a pod needs at least one container)`);
  return ok({ template: node, basePath: pointer('', ...path) });
}

/**
 * podShapeProblems checks the members the engine reads have the types Kubernetes gives them.
 * The API server decodes a Pod before any webhook sees it, so only files and /preview can get
 * this wrong, and they get a message instead of a patch that overwrites a malformed member.
 */
export function podShapeProblems(template: PodTemplate, at = ''): string[] {
  const problems: string[] = [];
  const { metadata, spec } = template;
  if (metadata !== undefined && !isPlainObject(metadata)) problems.push(`${at}metadata: must be an object`);
  for (const map of ['labels', 'annotations'] as const) {
    const value: unknown = isPlainObject(metadata) ? metadata[map] : undefined;
    if (value !== undefined && value !== null && !isStringMap(value)) {
      problems.push(`${at}metadata.${map}: must be a map of strings`);
    }
  }
  if (spec === undefined || spec === null) return problems;
  if (!isPlainObject(spec)) return [...problems, `${at}spec: must be an object`];
  // Paths are written only for a problem: this runs on every admission, and most Pods have none.
  const absent = (value: unknown): boolean => value === undefined || value === null;
  const notList = (value: unknown): boolean => !absent(value) && !Array.isArray(value);
  // Every pod-level member a preset adds to: nodeSelector is a map of strings, the rest are lists.
  for (const field of POD_FIELDS) {
    const value: unknown = spec[field];
    if (fieldOf(field).shape === 'map') {
      if (!absent(value) && !isStringMap(value))
        problems.push(`${at}spec.${field}: must be a map of strings`);
    } else if (notList(value)) problems.push(`${at}spec.${field}: must be a list`);
  }
  for (const list of ['initContainers', 'containers'] as const) {
    const containers: unknown = spec[list];
    if (!Array.isArray(containers)) continue;
    containers.forEach((container: unknown, i) => {
      if (!isPlainObject(container)) {
        problems.push(`${at}spec.${list}[${i}]: must be an object`);
        return;
      }
      for (const field of CONTAINER_FIELDS)
        if (notList(container[field])) problems.push(`${at}spec.${list}[${i}].${field}: must be a list`);
    });
  }
  return problems;
}
