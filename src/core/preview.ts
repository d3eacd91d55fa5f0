/**
 * The preview document of PRODUCT §4 (`podpreset preview -o json`, POST /preview): what the
 * webhook would do to a Pod or workload, with the patch and the object it produces.
 */
import jsonpatch from 'fast-json-patch';
import type { PresetCatalog } from './catalog.js';
import type { Conflict } from './conflicts.js';
import { evaluate, type AppliedPreset, type Outcome } from './evaluate.js';
import { SHIPPED_EXCLUSIONS, type NamespaceExclusions } from './excluded-namespaces.js';
import type { PatchOperation } from './patch.js';
import { err, ok, type Result } from './result.js';
import type { KubeObject } from './types.js';
import { podTemplateOf } from './workloads.js';

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

/** previewObject evaluates one Pod or workload against the catalog, or says why it cannot. */
export function previewObject(
  object: KubeObject,
  fallbackNamespace: string | undefined,
  catalog: PresetCatalog,
  exclusions: NamespaceExclusions = SHIPPED_EXCLUSIONS,
): Result<PreviewResult, string> {
  const located = podTemplateOf(object);
  if (!located.ok) return err(located.error);
  const namespace = namespaceOf(object, fallbackNamespace);
  const evaluation = evaluate(located.value.template, located.value.basePath, namespace, catalog, exclusions);
  const result = evaluation.patch.length
    ? (jsonpatch.applyPatch(
        structuredClone(object),
        structuredClone(evaluation.patch) as jsonpatch.Operation[],
      ).newDocument as KubeObject)
    : object;
  const metadata = object.metadata ?? {};
  return ok({
    kind: String(object.kind),
    namespace,
    name: metadata.name ?? metadata.generateName ?? '',
    outcome: evaluation.outcome,
    reason: evaluation.reason,
    applied: evaluation.applied,
    conflicts: evaluation.conflicts,
    patch: evaluation.patch,
    object: result,
  });
}
