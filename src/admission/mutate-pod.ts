/**
 * mutatePod is the admission use case: one AdmissionRequest and the current presets in, the
 * response and the engine's evaluation out (for the log line, metrics and Events). Pure.
 */
import type { PresetCatalog } from '../core/catalog.js';
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
  /** The namespace the presets were taken from: request.namespace is the truth (KUBERNETES-NOTES). */
  readonly namespace: string;
}

/** conflictWarning is the text kubectl shows for one conflict. */
const conflictWarning = (message: string): string => `podpreset: ${message}; no preset was applied`;

/**
 * The API server keeps about 4 KiB of warnings per answer and drops the rest; a Pod with
 * thousands of containers can have a conflict in each. Past this many, one line counts the rest.
 */
export const MAX_CONFLICT_WARNINGS = 10;

/** conflictWarnings is what kubectl shows for the conflicts of a Pod left unchanged. */
export function conflictWarnings(messages: readonly string[]): string[] {
  const shown = messages.slice(0, MAX_CONFLICT_WARNINGS).map(conflictWarning);
  const more = messages.length - shown.length;
  if (more > 0)
    shown.push(`podpreset: ${more} more conflict${more === 1 ? '' : 's'} not shown; no preset was applied`);
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
  const response =
    evaluation.outcome === 'conflict'
      ? allowed(request.uid, conflictWarnings(evaluation.conflicts.map((c) => c.message)))
      : evaluation.warning !== undefined
        ? allowed(request.uid, [`podpreset: ${evaluation.warning}`])
        : patched(request.uid, evaluation.patchJson);
  return { response, evaluation, namespace };
}
