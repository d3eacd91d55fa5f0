/**
 * The engine's one entry point: what presets do to one pod template in one namespace. The
 * webhook, POST /preview and `podpreset preview` all call this, so they cannot disagree.
 */
import { EXCLUDE_ANNOTATION, MIRROR_POD_ANNOTATION } from './annotations.js';
import type { PresetCatalog } from './catalog.js';
import type { Conflict } from './conflicts.js';
import { exclusionReason, SHIPPED_EXCLUSIONS, type NamespaceExclusions } from './excluded-namespaces.js';
import { injectPresets } from './inject.js';
import { isPlainObject } from './json.js';
import type { PassObserver } from './pass.js';
import { MAX_PATCH_BYTES, type PatchOperation } from './patch.js';
import type { CompiledPreset } from './preset.js';
import type { Labels, PodTemplate } from './types.js';

export type Outcome = 'mutated' | 'unchanged' | 'conflict';

export interface AppliedPreset {
  readonly kind: CompiledPreset['kind'];
  readonly name: string;
  readonly resourceVersion: string;
}

export interface PresetName {
  readonly kind: CompiledPreset['kind'];
  readonly name: string;
}

export interface Evaluation {
  readonly outcome: Outcome;
  /** One line for people: why this outcome. */
  readonly reason: string;
  /** Presets applied, in order; empty unless mutated. */
  readonly applied: readonly AppliedPreset[];
  /** Presets SkipPreset left out because of their conflicts (docs/SPEC.md §8.3); empty on conflict. */
  readonly skipped: readonly PresetName[];
  /** The presets that matched, whatever the outcome (conflict Events go to these). */
  readonly matched: readonly CompiledPreset[];
  readonly conflicts: readonly Conflict[];
  readonly patch: readonly PatchOperation[];
  /** `patch` as JSON text, as the webhook sends it. */
  readonly patchJson: string;
  /** Set when the Pod is left unchanged for a reason its creator must hear (an admission warning). */
  readonly warning?: string;
}

/** skipReason says why a pod is left alone before any preset is looked at (docs/SPEC.md §2.1), or undefined. */
export function skipReason(template: PodTemplate): string | undefined {
  const annotations = isPlainObject(template.metadata?.annotations) ? template.metadata.annotations : {};
  if (Object.hasOwn(annotations, MIRROR_POD_ANNOTATION)) return 'mirror pod: static pods are never mutated';
  if (annotations[EXCLUDE_ANNOTATION] === 'true')
    return `excluded by annotation ${EXCLUDE_ANNOTATION}: "true"`;
  return undefined;
}

/** unchanged is the evaluation of a template left as it is, and why. */
export const unchanged = (reason: string, matched: readonly CompiledPreset[] = []): Evaluation => ({
  outcome: 'unchanged',
  reason,
  applied: [],
  skipped: [],
  matched,
  conflicts: [],
  patch: [],
  patchJson: '[]',
});

const names = (presets: readonly CompiledPreset[]): string => presets.map((p) => p.label).join(', ');

/**
 * evaluate decides what the presets in `catalog` do to `template` (a Pod, or a workload's pod
 * template at JSON Pointer `basePath`) created in `namespace`. A namespace the webhook is never
 * called for (`exclusions`) is left alone before the Pod is even looked at. `observer` hears
 * each item's fate in the merge pass (explain); the webhook passes none and pays nothing.
 */
export function evaluate(
  template: PodTemplate,
  basePath: string,
  namespace: string,
  catalog: PresetCatalog,
  exclusions: NamespaceExclusions = SHIPPED_EXCLUSIONS,
  observer?: PassObserver,
): Evaluation {
  const excluded = exclusionReason(exclusions, namespace, catalog.labelsOf(namespace));
  if (excluded) return unchanged(excluded);
  const skip = skipReason(template);
  if (skip) return unchanged(skip);

  const labels: Labels = isPlainObject(template.metadata?.labels) ? template.metadata.labels : {};
  const matched = catalog.matching(namespace, labels);
  if (matched.length === 0) return unchanged('no preset matches');

  const injection = injectPresets(template, basePath, matched, observer);
  if (injection.kind === 'conflict') {
    const count = injection.conflicts.length;
    return {
      outcome: 'conflict',
      reason: `${count} conflict${count === 1 ? '' : 's'}: no preset applied (${names(matched)} matched)`,
      applied: [],
      skipped: [],
      matched,
      conflicts: injection.conflicts,
      patch: [],
      patchJson: '[]',
    };
  }
  const { applied, skipped, conflicts, patch } = injection;
  if (patch.bytes > MAX_PATCH_BYTES) {
    const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
    const reason = `no preset applied: the patch would be ${mib(patch.bytes)}, more than the ${mib(MAX_PATCH_BYTES)} the API server stores for a whole object (${names(matched)} matched)`;
    return { ...unchanged(reason, matched), warning: reason };
  }
  const resolved = conflicts.length === 0 ? '' : ` (${resolvedSummary(conflicts.length, skipped)})`;
  if (patch.operations.length === 0) {
    const reason = applied.length > 0 ? `already applied: ${names(applied)}` : 'nothing left to apply';
    return { ...unchanged(reason + resolved, matched), skipped: skipped.map(presetName), conflicts };
  }
  return {
    outcome: 'mutated',
    reason: `applied ${names(applied)}${resolved}`,
    applied: applied.map(({ kind, name, resourceVersion }) => ({ kind, name, resourceVersion })),
    skipped: skipped.map(presetName),
    matched,
    conflicts,
    patch: patch.operations,
    patchJson: patch.json,
  };
}

const presetName = ({ kind, name }: CompiledPreset): PresetName => ({ kind, name });

function resolvedSummary(count: number, skipped: readonly CompiledPreset[]): string {
  const conflicts = `${count} conflict${count === 1 ? '' : 's'} resolved`;
  return skipped.length === 0 ? conflicts : `${conflicts}, skipped ${names(skipped)}`;
}
