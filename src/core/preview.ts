/**
 * The preview document of docs/SPEC.md §4 (`podpreset preview -o json`, POST /preview): what the
 * webhook would do to a Pod or workload, with the patch and the object it produces.
 */
import jsonpatch from 'fast-json-patch';
import type { PresetCatalog } from './catalog.js';
import type { Conflict } from './conflicts.js';
import {
  evaluate,
  unchanged,
  type AppliedPreset,
  type Evaluation,
  type Outcome,
  type PresetName,
} from './evaluate.js';
import { SHIPPED_EXCLUSIONS, type NamespaceExclusions } from './excluded-namespaces.js';
import type { PassObserver } from './pass.js';
import type { PatchOperation } from './patch.js';
import { podName } from './pod-name.js';
import { err, ok, type Result } from './result.js';
import type { KubeObject } from './types.js';
import { isPlainObject } from './json.js';
import { hasPodTemplate, podTemplateOf, type LocatedTemplate } from './workloads.js';

export interface PreviewResult {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly outcome: Outcome;
  readonly reason: string;
  readonly applied: readonly AppliedPreset[];
  /** Presets SkipPreset left out (docs/SPEC.md §8.3). */
  readonly skipped: readonly PresetName[];
  readonly conflicts: readonly Conflict[];
  readonly patch: readonly PatchOperation[];
  /** The input with the patch applied (the input itself when nothing changes). */
  readonly object: KubeObject;
}

export const DEFAULT_NAMESPACE = 'default';

/** namespaceOf picks an object's namespace: its own, else the caller's, else `default` (docs/SPEC.md §4). */
export function namespaceOf(object: KubeObject, fallback: string | undefined): string {
  const own = object.metadata?.namespace;
  return typeof own === 'string' && own !== '' ? own : (fallback ?? DEFAULT_NAMESPACE);
}

/** A Pod or workload as preview and explain see it: its pod template, namespace and names. */
export interface Subject extends LocatedTemplate {
  readonly kind: string;
  readonly namespace: string;
  /** metadata.name, else generateName (controller-made Pods have only that). */
  readonly name: string;
}

/** subjectOf locates the pod template of a Pod or workload and the namespace it is created in. */
export function subjectOf(
  object: KubeObject,
  fallbackNamespace: string | undefined,
): Result<Subject, string> {
  const located = podTemplateOf(object);
  if (!located.ok) return err(located.error);
  const metadata = object.metadata ?? {};
  return ok({
    ...located.value,
    kind: String(object.kind),
    namespace: namespaceOf(object, fallbackNamespace),
    name: podName(metadata)?.name ?? '',
  });
}

/** evaluateObject runs the engine on one Pod or workload (preview and explain start here). */
export function evaluateObject(
  object: KubeObject,
  fallbackNamespace: string | undefined,
  catalog: PresetCatalog,
  exclusions: NamespaceExclusions = SHIPPED_EXCLUSIONS,
  observer?: PassObserver,
): Result<{ readonly subject: Subject; readonly evaluation: Evaluation }, string> {
  const subject = subjectOf(object, fallbackNamespace);
  if (!subject.ok) return subject;
  const { template, basePath, namespace } = subject.value;
  const evaluation = evaluate(template, basePath, namespace, catalog, exclusions, observer);
  return ok({ subject: subject.value, evaluation });
}

/** The reason given for an object of a kind without a pod template: it passes through as it is. */
export const NO_POD_TEMPLATE = 'no pod template';

/**
 * previewObject evaluates one Pod or workload against the catalog, or says why it cannot. Objects
 * of other kinds (a Service, a ConfigMap, a CRD, a preset) pass through unchanged, so a whole
 * rendered chart can be previewed and then applied; an object without a kind cannot be read.
 */
export function previewObject(
  object: KubeObject,
  fallbackNamespace: string | undefined,
  catalog: PresetCatalog,
  exclusions: NamespaceExclusions = SHIPPED_EXCLUSIONS,
): Result<PreviewResult, string> {
  if (typeof object.kind !== 'string' || object.kind === '')
    return err('kind: required (every Kubernetes object says what it is)');
  if (!hasPodTemplate(object.kind))
    return ok(resultOf(namesOf(object, object.kind, fallbackNamespace), unchanged(NO_POD_TEMPLATE), object));
  const evaluated = evaluateObject(object, fallbackNamespace, catalog, exclusions);
  if (!evaluated.ok) return evaluated;
  return ok(resultOf(evaluated.value.subject, evaluated.value.evaluation, object));
}

type Names = Pick<Subject, 'kind' | 'namespace' | 'name'>;

/** The names of an object of any kind, read defensively: it need not have a Pod's shape. */
function namesOf(object: KubeObject, kind: string, fallbackNamespace: string | undefined): Names {
  const metadata: Record<string, unknown> = isPlainObject(object.metadata) ? object.metadata : {};
  const name = [metadata['name'], metadata['generateName']].find((n) => typeof n === 'string');
  return {
    kind,
    namespace: namespaceOf(object, fallbackNamespace),
    name: (name as string | undefined) ?? '',
  };
}

function resultOf(
  { kind, namespace, name }: Names,
  evaluation: Evaluation,
  object: KubeObject,
): PreviewResult {
  const result = evaluation.patch.length
    ? (jsonpatch.applyPatch(
        structuredClone(object),
        structuredClone(evaluation.patch) as jsonpatch.Operation[],
      ).newDocument as KubeObject)
    : object;
  return {
    kind,
    namespace,
    name,
    outcome: evaluation.outcome,
    reason: evaluation.reason,
    applied: evaluation.applied,
    skipped: evaluation.skipped,
    conflicts: evaluation.conflicts,
    patch: evaluation.patch,
    object: result,
  };
}
