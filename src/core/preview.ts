/**
 * The preview document of docs/SPEC.md §4 (`podpreset preview -o json`, POST /preview): what the
 * webhook would do to a Pod or workload, with the patch and the object it produces.
 */
import jsonpatch from 'fast-json-patch';
import type { PresetCatalog } from './catalog.js';
import type { Conflict } from './conflicts.js';
import { evaluate, type AppliedPreset, type Evaluation, type Outcome, type PresetName } from './evaluate.js';
import { SHIPPED_EXCLUSIONS, type NamespaceExclusions } from './excluded-namespaces.js';
import type { PassObserver } from './pass.js';
import type { PatchOperation } from './patch.js';
import { podName } from './pod-name.js';
import { err, ok, type Result } from './result.js';
import type { KubeObject } from './types.js';
import { podTemplateOf, type LocatedTemplate } from './workloads.js';

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

/** previewObject evaluates one Pod or workload against the catalog, or says why it cannot. */
export function previewObject(
  object: KubeObject,
  fallbackNamespace: string | undefined,
  catalog: PresetCatalog,
  exclusions: NamespaceExclusions = SHIPPED_EXCLUSIONS,
): Result<PreviewResult, string> {
  const evaluated = evaluateObject(object, fallbackNamespace, catalog, exclusions);
  if (!evaluated.ok) return evaluated;
  const { subject, evaluation } = evaluated.value;
  const { kind, namespace, name } = subject;
  const result = evaluation.patch.length
    ? (jsonpatch.applyPatch(
        structuredClone(object),
        structuredClone(evaluation.patch) as jsonpatch.Operation[],
      ).newDocument as KubeObject)
    : object;
  return ok({
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
  });
}
