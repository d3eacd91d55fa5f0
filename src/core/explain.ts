/**
 * explain: why each preset did or did not apply to one Pod or workload (docs/explain.md). The
 * outcome and the matched set come from evaluate() itself, the reasons from the same selector
 * requirements the matchers were compiled from: explain cannot disagree with preview or the
 * webhook. Nothing here runs on admission's hot path.
 */
import type { PresetCatalog } from './catalog.js';
import { skipReason, type Evaluation, type Outcome } from './evaluate.js';
import { exclusionReason, SHIPPED_EXCLUSIONS, type NamespaceExclusions } from './excluded-namespaces.js';
import { isPlainObject } from './json.js';
import type { CompiledPreset } from './preset.js';
import { evaluateObject } from './preview.js';
import { ok, type Result } from './result.js';
import { unmet } from './selector-explain.js';
import { ItemRecorder, type ExplainedItem } from './explain-items.js';
import type { KubeObject, Labels, PodTemplate } from './types.js';

export interface ExplainedAnnotation {
  readonly key: string;
  readonly value: string;
  /** Whether the object already carries this value (a Pod the webhook already saw, read from the cluster). */
  readonly current: boolean;
}

export interface ExplainedPreset {
  readonly kind: CompiledPreset['kind'];
  /** A PodPreset's namespace; absent for a ClusterPodPreset. */
  readonly namespace?: string;
  readonly name: string;
  readonly matched: boolean;
  readonly reason: string;
  readonly annotation?: ExplainedAnnotation;
  /** A matched preset's items, each with what the merge pass did with it. */
  readonly items?: readonly ExplainedItem[];
}

export interface ExplainResult {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly outcome: Outcome;
  readonly reason: string;
  readonly presets: readonly ExplainedPreset[];
}

const byName = (a: CompiledPreset, b: CompiledPreset): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
const byNamespaceThenName = (a: CompiledPreset, b: CompiledPreset): number =>
  a.namespace === b.namespace ? byName(a, b) : (a.namespace ?? '') < (b.namespace ?? '') ? -1 : 1;

const reasons = (failures: readonly string[]): string => failures.join('; ');

/** explainObject explains one Pod or workload against the catalog, or says why it cannot. */
export function explainObject(
  object: KubeObject,
  fallbackNamespace: string | undefined,
  catalog: PresetCatalog,
  exclusions: NamespaceExclusions = SHIPPED_EXCLUSIONS,
): Result<ExplainResult, string> {
  const recorder = new ItemRecorder();
  const evaluated = evaluateObject(object, fallbackNamespace, catalog, exclusions, recorder);
  if (!evaluated.ok) return evaluated;
  const { subject, evaluation } = evaluated.value;
  const { template, kind, namespace, name } = subject;
  return ok({
    kind,
    namespace,
    name,
    outcome: evaluation.outcome,
    reason: evaluation.reason,
    presets: explainPresets(template, namespace, catalog, evaluation, exclusions, recorder),
  });
}

function explainPresets(
  template: PodTemplate,
  namespace: string,
  catalog: PresetCatalog,
  evaluation: Evaluation,
  exclusions: NamespaceExclusions,
  recorder: ItemRecorder,
): ExplainedPreset[] {
  const labels: Labels = isPlainObject(template.metadata?.labels) ? template.metadata.labels : {};
  const annotations = isPlainObject(template.metadata?.annotations) ? template.metadata.annotations : {};
  const namespaceLabels = catalog.labelsOf(namespace);
  // The engine's own order: an excluded namespace first, then the Pod's annotations.
  const skipped = exclusionReason(exclusions, namespace, namespaceLabels) ?? skipReason(template);
  const matched = new Set(evaluation.matched);
  const aborted = evaluation.outcome === 'conflict';

  const all = catalog.presets();
  const candidates = [
    ...all.filter((p) => p.kind === 'ClusterPodPreset').sort(byName),
    ...all.filter((p) => p.kind === 'PodPreset' && p.namespace === namespace).sort(byName),
  ];
  const elsewhere = all
    .filter((p) => p.kind === 'PodPreset' && p.namespace !== namespace && p.selector(labels))
    .sort(byNamespaceThenName);

  const explained = candidates.map((preset): ExplainedPreset => {
    const identity = identityOf(preset);
    if (matched.has(preset)) {
      const value = preset.resourceVersion;
      const annotation = {
        key: preset.annotationKey,
        value,
        current: annotations[preset.annotationKey] === value,
      };
      // SkipPreset left it out: matched, but nothing of it applied and no annotation.
      const left = recorder.resolutionOf(preset) === 'skip-preset' && !aborted;
      const reason = matchedReason(preset, namespace);
      return {
        ...identity,
        matched: true,
        reason: left ? `${reason}; left out: it conflicts and its conflictPolicy is SkipPreset` : reason,
        ...(aborted || left ? {} : { annotation }),
        items: recorder.itemsOf(preset, aborted),
      };
    }
    return {
      ...identity,
      matched: false,
      reason: unmatchedReason(
        preset,
        labels,
        namespace,
        namespaceLabels,
        skipped ?? evaluation.reason,
        !skipped,
      ),
    };
  });
  const others = elsewhere.map((preset): ExplainedPreset => ({
    ...identityOf(preset),
    matched: false,
    reason: `its selector matches, but a PodPreset applies only to Pods created in its own namespace "${preset.namespace}", not "${namespace}"`,
  }));
  return [...explained.filter((p) => p.matched), ...explained.filter((p) => !p.matched), ...others];
}

const identityOf = (preset: CompiledPreset): Pick<ExplainedPreset, 'kind' | 'namespace' | 'name'> =>
  preset.namespace === undefined
    ? { kind: preset.kind, name: preset.name }
    : { kind: preset.kind, namespace: preset.namespace, name: preset.name };

function matchedReason(preset: CompiledPreset, namespace: string): string {
  const selector =
    preset.selectorRequirements.length === 0
      ? 'its empty selector matches every Pod'
      : 'its selector matches';
  if (preset.kind === 'PodPreset') return selector;
  const namespaces =
    preset.namespaceSelectorRequirements.length === 0
      ? 'it has no namespaceSelector'
      : `its namespaceSelector matches namespace "${namespace}"`;
  return `${selector} and ${namespaces}`;
}

function unmatchedReason(
  preset: CompiledPreset,
  labels: Labels,
  namespace: string,
  namespaceLabels: Labels,
  /** Why the engine left the Pod alone (mirror, excluded), else evaluate's own reason. */
  engineReason: string,
  /** True when the template itself was not skipped: then a failing selector says it all. */
  selectorsDecide: boolean,
): string {
  const namespaceFailures = unmet(preset.namespaceSelectorRequirements, namespaceLabels);
  const selectorFailures = unmet(preset.selectorRequirements, labels);
  const why: string[] = [];
  if (namespaceFailures.length > 0)
    why.push(
      `namespace "${namespace}" is not selected by its namespaceSelector: ${reasons(namespaceFailures)}`,
    );
  if (selectorFailures.length > 0) why.push(`selector does not match: ${reasons(selectorFailures)}`);
  if (why.length > 0 && selectorsDecide) return why.join('; ');
  // Selectors that match, or a Pod skipped before matching: the engine's reason is the answer.
  return why.length === 0
    ? `${engineReason} (its selectors match)`
    : `${engineReason}; also ${why.join('; ')}`;
}
