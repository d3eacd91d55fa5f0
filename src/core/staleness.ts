/**
 * Is a running Pod what the webhook would make of it today (docs/SPEC.md §10)? Decided by content with
 * the webhook's own evaluate(): the Pod, injections and annotations included, is evaluated again
 * against today's catalog. An annotation whose value is an older resourceVersion is not stale by
 * itself (every write to a preset bumps it, a status update included): only items the webhook
 * would add now, presets it would apply now, annotations of presets that no longer apply and
 * conflicts count. See docs/stale-and-rollout.md.
 */
import { ANNOTATION_DOMAIN } from './annotations.js';
import { PresetCatalog } from './catalog.js';
import type { Resolution } from './conflicts.js';
import { evaluate, skipReason, type Evaluation } from './evaluate.js';
import { exclusionReason, SHIPPED_EXCLUSIONS } from './excluded-namespaces.js';
import { isPlainObject } from './json.js';
import type { CompiledPreset } from './preset.js';
import type { Labels, PodTemplate } from './types.js';

export type StaleReason = 'outdated' | 'missing' | 'removed' | 'conflict';

export interface StaleFinding {
  readonly reason: StaleReason;
  /** The preset the finding is about, as `Kind/name`. */
  readonly preset: string;
  /** For people: what exactly is stale (for a conflict, the conflict). */
  readonly message: string;
}

/** A Pod as listed from the API server: a pod template with a status. */
export interface LivePod extends PodTemplate {
  readonly status?: { readonly phase?: string };
}

const PRESET_KEY_PREFIXES = [`${ANNOTATION_DOMAIN}/podpreset-`, `${ANNOTATION_DOMAIN}/clusterpodpreset-`];
const FINISHED_PHASES = new Set(['Succeeded', 'Failed']);

/**
 * reportable tells whether a Pod can be stale at all: it runs or waits to run (not finished, not
 * being deleted), is neither excluded nor a mirror Pod, and lives in a namespace the webhook
 * serves. The others are never reported: no restart would give them presets.
 */
export function reportable(pod: LivePod, namespace: string, namespaceLabels: Labels): boolean {
  if (FINISHED_PHASES.has(pod.status?.phase ?? '')) return false;
  if (pod.metadata?.['deletionTimestamp'] !== undefined) return false;
  if (skipReason(pod) !== undefined) return false;
  return exclusionReason(SHIPPED_EXCLUSIONS, namespace, namespaceLabels) === undefined;
}

/** presetLabelsByAnnotation names the presets behind annotation keys, for `removed` findings. */
export function presetLabelsByAnnotation(catalog: PresetCatalog): ReadonlyMap<string, string> {
  return new Map(catalog.presets().map((preset) => [preset.annotationKey, preset.label]));
}

/** A preset's annotation key back to `Kind/name` when no preset has it any more. */
function labelOfKey(key: string, known: ReadonlyMap<string, string>): string {
  const found = known.get(key);
  if (found) return found;
  const name = key.slice(ANNOTATION_DOMAIN.length + 1);
  return name.startsWith('clusterpodpreset-')
    ? `ClusterPodPreset/${name.slice('clusterpodpreset-'.length)}`
    : `PodPreset/${name.slice('podpreset-'.length)}`;
}

/**
 * The operations that change the Pod's spec. Annotation operations are left out: the webhook
 * rewrites an annotation whose value is an older resourceVersion, which is not stale by itself.
 */
const contentOperations = (evaluation: Evaluation): Set<string> =>
  new Set(evaluation.patch.filter((op) => !op.path.startsWith('/metadata')).map((op) => JSON.stringify(op)));

/**
 * staleConflict tells whether a conflict makes the Pod stale. `abort`: always (docs/SPEC.md §10). A
 * `skip-preset` conflict only when the Pod carries the preset, which a new Pod would not: without the
 * annotation the webhook skipped it then as now. A `keep-existing` conflict never: the webhook keeps
 * the Pod's item, which is what it did at creation too when the item is the Pod's own (a value the
 * preset changed since cannot be told from one, as a dropped item cannot; see the docs).
 */
function staleConflict(resolution: Resolution, annotated: boolean): boolean {
  if (resolution === 'abort') return true;
  return resolution === 'skip-preset' && annotated;
}

/**
 * podStaleness returns what is stale about `pod` (a reportable Pod of `namespace`) against
 * `catalog`, in this order: conflicts, then per matched preset `missing` or `outdated`, then
 * `removed` annotations. Empty when the Pod is current.
 */
export function podStaleness(
  pod: LivePod,
  namespace: string,
  catalog: PresetCatalog,
  known: ReadonlyMap<string, string> = presetLabelsByAnnotation(catalog),
): StaleFinding[] {
  const annotations: Record<string, string> = isPlainObject(pod.metadata?.annotations)
    ? pod.metadata.annotations
    : {};
  const labels: Labels = isPlainObject(pod.metadata?.labels) ? pod.metadata.labels : {};
  const matched = catalog.matching(namespace, labels);
  const evaluation = evaluate(pod, '', namespace, catalog);
  const findings: StaleFinding[] = [];

  // Presets a conflict leaves out (abort, skip-preset): never also missing or outdated.
  const conflicting = new Set<string>();
  const annotated = new Set(
    matched.filter((p) => Object.hasOwn(annotations, p.annotationKey)).map((p) => p.label),
  );
  for (const conflict of evaluation.conflicts) {
    // A conflict belongs to the preset whose item comes later: the last one named (docs/SPEC.md §8.3).
    const owner = conflict.presets.at(-1);
    const preset = owner ? `${owner.kind}/${owner.name}` : '';
    if (conflict.resolution !== 'keep-existing') conflicting.add(preset);
    if (!staleConflict(conflict.resolution, annotated.has(preset))) continue;
    findings.push({ reason: 'conflict', preset, message: conflict.message });
  }

  const content = contentOperations(evaluation);
  for (const preset of matched) {
    if (conflicting.has(preset.label)) continue;
    if (!Object.hasOwn(annotations, preset.annotationKey)) {
      findings.push({
        reason: 'missing',
        preset: preset.label,
        message: `${preset.label} matches the Pod but was not applied to it`,
      });
    } else if (
      content.size > 0 &&
      adds(preset, pod, namespace, catalog.labelsOf(namespace), matched, content)
    ) {
      findings.push({
        reason: 'outdated',
        preset: preset.label,
        message: `${preset.label} would inject more into the Pod today than it carries`,
      });
    }
  }

  const applied = new Set(matched.map((preset) => preset.annotationKey));
  for (const key of Object.keys(annotations)) {
    if (applied.has(key) || !PRESET_KEY_PREFIXES.some((prefix) => key.startsWith(prefix))) continue;
    const preset = labelOfKey(key, known);
    findings.push({
      reason: 'removed',
      preset,
      message: `the Pod carries ${preset}, which no longer exists or no longer matches it`,
    });
  }
  return findings;
}

/**
 * adds tells whether `preset` accounts for any of the `content` operations: evaluated without it,
 * some operation is gone. (Without it, a container it names may become targeted by the others and
 * gain operations; those are extra, never missing, so they cannot be mistaken for its own.)
 */
function adds(
  preset: CompiledPreset,
  pod: LivePod,
  namespace: string,
  namespaceLabels: Labels,
  matched: readonly CompiledPreset[],
  content: ReadonlySet<string>,
): boolean {
  const others = new PresetCatalog();
  others.setNamespace(namespace, namespaceLabels);
  for (const other of matched) if (other !== preset) others.upsert(other);
  const without = contentOperations(evaluate(pod, '', namespace, others));
  for (const operation of content) if (!without.has(operation)) return true;
  return false;
}
