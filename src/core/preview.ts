/**
 * The preview document of PRODUCT §4 (`podpreset preview -o json`, POST /preview): what the
 * webhook would do to a Pod or workload, with the patch and the object it produces.
 */
import jsonpatch from 'fast-json-patch';
import type { PresetCatalog } from './catalog.js';
import type { Conflict } from './conflicts.js';
import { evaluate, unchanged, type AppliedPreset, type Evaluation, type Outcome } from './evaluate.js';
import { SHIPPED_EXCLUSIONS, type NamespaceExclusions } from './excluded-namespaces.js';
import { isPlainObject } from './json.js';
import type { PatchOperation } from './patch.js';
import { err, ok, type Result } from './result.js';
import type { KubeObject } from './types.js';
import { hasPodTemplate, podTemplateOf } from './workloads.js';

export interface PreviewResult {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly outcome: Outcome;
  readonly reason: string;
  readonly applied: readonly AppliedPreset[];
  readonly conflicts: readonly Conflict[];
  readonly patch: readonly PatchOperation[];
  /** The input with the patch applied (the input itself when nothing changes). */
  readonly object: KubeObject;
}

export const DEFAULT_NAMESPACE = 'default';

/** namespaceOf picks an object's namespace: its own, else the caller's, else `default` (PRODUCT §4). */
export function namespaceOf(object: KubeObject, fallback: string | undefined): string {
  const own = object.metadata?.namespace;
  return typeof own === 'string' && own !== '' ? own : (fallback ?? DEFAULT_NAMESPACE);
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
  const namespace = namespaceOf(object, fallbackNamespace);
  if (!hasPodTemplate(object.kind)) return ok(resultOf(object, namespace, unchanged(NO_POD_TEMPLATE)));
  const located = podTemplateOf(object);
  if (!located.ok) return err(located.error);
  const { template, basePath } = located.value;
  return ok(resultOf(object, namespace, evaluate(template, basePath, namespace, catalog, exclusions)));
}

function resultOf(object: KubeObject, namespace: string, evaluation: Evaluation): PreviewResult {
  const result = evaluation.patch.length
    ? (jsonpatch.applyPatch(
        structuredClone(object),
        structuredClone(evaluation.patch) as jsonpatch.Operation[],
      ).newDocument as KubeObject)
    : object;
  const metadata: Record<string, unknown> = isPlainObject(object.metadata) ? object.metadata : {};
  const name = [metadata['name'], metadata['generateName']].find((n) => typeof n === 'string');
  return {
    kind: String(object.kind),
    namespace,
    name: (name as string | undefined) ?? '',
    outcome: evaluation.outcome,
    reason: evaluation.reason,
    applied: evaluation.applied,
    conflicts: evaluation.conflicts,
    patch: evaluation.patch,
    object: result,
  };
}
