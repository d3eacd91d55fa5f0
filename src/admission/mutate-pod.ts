/**
 * mutatePod is the admission use case: one AdmissionRequest and the current presets in, the
 * response and the engine's evaluation out (for the log line, metrics and Events). Pure.
 */
import type { PresetCatalog } from '../core/catalog.js';
import type { Conflict } from '../core/conflicts.js';
import { evaluate, unchanged, type Evaluation } from '../core/evaluate.js';
import { SHIPPED_EXCLUSIONS, type NamespaceExclusions } from '../core/excluded-namespaces.js';
import { isPlainObject } from '../core/json.js';
import { DEFAULT_NAMESPACE } from '../core/preview.js';
import { podShapeProblems } from '../core/workloads.js';
import { allowed, patched, type AdmissionResponse } from './responses.js';
import { isPodCreate, type AdmissionRequest } from './review.js';

export interface MutationDecision {
  readonly response: AdmissionResponse;
  readonly evaluation: Evaluation;
  /** The namespace the presets were taken from: request.namespace is the truth (docs/KUBERNETES.md). */
  readonly namespace: string;
}

/**
 * conflictWarning is the text kubectl shows for one conflict: what happened and what was kept
 * (docs/SPEC.md §8.3). The conflict belongs to the last preset it names.
 */
function conflictWarning(conflict: Conflict): string {
  const owner = conflict.presets[conflict.presets.length - 1]!;
  const preset = `${owner.kind} ${JSON.stringify(owner.name)}`;
  switch (conflict.resolution) {
    case 'abort':
      return `podpreset: ${conflict.message}; no preset was applied`;
    case 'skip-preset':
      return `podpreset: ${conflict.message}; ${preset} was skipped (conflictPolicy SkipPreset), the other presets applied`;
    case 'keep-existing':
      return `podpreset: ${conflict.message}; the item already there was kept (conflictPolicy KeepExisting), the rest of ${preset} applied`;
  }
}

/**
 * The API server keeps about 4 KiB of warnings per answer and drops the rest; a Pod with
 * thousands of containers can have a conflict in each. Past this many, one line counts the rest.
 */
export const MAX_CONFLICT_WARNINGS = 10;

/** conflictWarnings is what kubectl shows for the conflicts of a Pod, resolved or not. */
export function conflictWarnings(conflicts: readonly Conflict[]): string[] {
  const shown = conflicts.slice(0, MAX_CONFLICT_WARNINGS).map(conflictWarning);
  const more = conflicts.length - shown.length;
  if (more > 0) {
    const aborted = conflicts[0]!.resolution === 'abort' ? '; no preset was applied' : '';
    shown.push(`podpreset: ${more} more conflict${more === 1 ? '' : 's'} not shown${aborted}`);
  }
  return shown;
}

/** mutatePod answers one AdmissionRequest against the presets in `catalog`. */
export function mutatePod(
  request: AdmissionRequest,
  catalog: PresetCatalog,
  exclusions: NamespaceExclusions = SHIPPED_EXCLUSIONS,
): MutationDecision {
  const pod = request.object;
  const podNamespace =
    isPlainObject(pod) && isPlainObject(pod['metadata']) ? pod['metadata']['namespace'] : undefined;
  const namespace =
    request.namespace || (typeof podNamespace === 'string' && podNamespace) || DEFAULT_NAMESPACE;
  const pass = (reason: string): MutationDecision => ({
    response: allowed(request.uid),
    evaluation: unchanged(reason),
    namespace,
  });

  if (!isPodCreate(request)) return pass('not a pod creation');
  if (!isPlainObject(pod)) return pass('request has no pod object');
  const shapeProblems = podShapeProblems(pod);
  if (shapeProblems.length > 0) return pass(`pod is malformed: ${shapeProblems.join('; ')}`);

  const evaluation = evaluate(pod, '', namespace, catalog, exclusions);
  const warnings = evaluation.conflicts.length === 0 ? [] : conflictWarnings(evaluation.conflicts);
  const response =
    evaluation.outcome === 'conflict'
      ? allowed(request.uid, warnings)
      : evaluation.warning !== undefined
        ? allowed(request.uid, [`podpreset: ${evaluation.warning}`, ...warnings])
        : patched(request.uid, evaluation.patchJson, warnings);
  return { response, evaluation, namespace };
}
