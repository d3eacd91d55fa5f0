/**
 * Two presets overlap-conflict when some Pod is selected by both and they carry conflicting
 * items (docs/explain.md). Whether they can select the same Pod is decided from their
 * selectors as data (selector-overlap.ts); whether their items conflict is decided by the engine
 * itself, evaluating both on an example Pod with the labels both select, so lint, /validate and
 * preview cannot disagree about what a conflict is.
 */
import { PresetCatalog, NAMESPACE_NAME_LABEL } from './catalog.js';
import type { Conflict } from './conflicts.js';
import { evaluate } from './evaluate.js';
import { commonContainerName } from './name-overlap.js';
import type { CompiledPreset } from './preset.js';
import { commonLabels } from './selector-overlap.js';
import type { Requirement } from './selector.js';
import type { Labels, PodTemplate } from './types.js';

export interface Overlap {
  /** Both presets, in application order. */
  readonly presets: readonly [CompiledPreset, CompiledPreset];
  /** A namespace both apply in, with its labels. */
  readonly namespace: string;
  /** Pod labels both select. */
  readonly labels: Labels;
  /** What the engine reports between the two on such a Pod; empty when they agree. */
  readonly conflicts: readonly Conflict[];
  /** True when a containerSelector keeps some of the example Pod's containers from one of them. */
  readonly targetingDecides: boolean;
}

/** Namespaces as known (from Namespace objects or the cluster): their labels, and which exist. */
export interface KnownNamespaces {
  labelsOf(namespace: string): Labels;
  namespaces(): Iterable<[string, Labels]>;
}

/** Application order: ClusterPodPresets by name, then PodPresets by namespace and name. */
export function applicationOrder(a: CompiledPreset, b: CompiledPreset): number {
  const rank = (p: CompiledPreset): string =>
    `${p.kind === 'ClusterPodPreset' ? 0 : 1}\u0000${p.namespace ?? ''}`;
  const [ra, rb] = [rank(a), rank(b)];
  if (ra !== rb) return ra < rb ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

const NAMESPACE_EXISTS: Requirement = {
  key: NAMESPACE_NAME_LABEL,
  operator: 'Exists',
  values: [],
  from: 'matchExpressions',
};

/** A namespace both presets can apply in, or undefined when none can exist. */
function sharedNamespace(
  a: CompiledPreset,
  b: CompiledPreset,
  namespaces: KnownNamespaces,
): { name: string; labels: Labels } | undefined {
  const own = a.namespace ?? b.namespace;
  if (a.namespace !== undefined && b.namespace !== undefined && a.namespace !== b.namespace) return undefined;
  if (own !== undefined) {
    const labels = namespaces.labelsOf(own);
    return a.namespaceSelector(labels) && b.namespaceSelector(labels) ? { name: own, labels } : undefined;
  }
  const known = [...namespaces.namespaces()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [name, labels] of known) {
    if (a.namespaceSelector(labels) && b.namespaceSelector(labels)) return { name, labels };
  }
  // Two ClusterPodPresets can also meet in a namespace not created yet: every namespace has a name label.
  const labels = commonLabels(a.namespaceSelectorRequirements, b.namespaceSelectorRequirements, [
    NAMESPACE_EXISTS,
  ]);
  return labels ? { name: labels[NAMESPACE_NAME_LABEL]!, labels } : undefined;
}

/**
 * Generic names beside the common one: a containerSelector that keeps either of them from one
 * preset is what makes a finding name its container (targetingDecides).
 */
const GENERIC_CONTAINERS = ['app', 'main'];

/**
 * The containers of the example Pod: the generic names and the shortest name both presets'
 * containerSelectors target (name-overlap.ts), so that presets targeting `app-*` and `*-web` meet
 * in `app-web`; never the name of a container either preset adds (those are the preset's, never
 * targeted). Regular containers only: `initContainers: false` narrows a selector to fewer
 * containers, never to others, so two presets that meet in an init container meet in a container
 * of the same name too. Without a common name (or past the search bound), only the generic ones.
 */
function exampleContainers(a: CompiledPreset, b: CompiledPreset): string[] {
  const taken = [...a.containerNames, ...b.containerNames];
  const common = commonContainerName(a.targetPatterns, b.targetPatterns, taken);
  const names = common.kind === 'name' ? [...GENERIC_CONTAINERS, common.name] : GENERIC_CONTAINERS;
  return [...new Set(names)].filter((name) => !taken.includes(name));
}

/** The Pod the example stands for: the shared labels and the example containers. */
function examplePod(labels: Labels, containers: readonly string[]): PodTemplate {
  return {
    metadata: { labels: { ...labels } },
    spec: { containers: containers.map((name) => ({ name, image: 'example' })) },
  };
}

/**
 * overlapOf says whether `a` and `b` can select the same Pod and, if so, what the engine reports
 * between them on such a Pod. Undefined: provably never the same Pod.
 */
export function overlapOf(
  a: CompiledPreset,
  b: CompiledPreset,
  namespaces: KnownNamespaces,
): Overlap | undefined {
  const [first, second] = applicationOrder(a, b) <= 0 ? [a, b] : [b, a];
  const namespace = sharedNamespace(first, second, namespaces);
  if (!namespace) return undefined;
  const labels = commonLabels(first.selectorRequirements, second.selectorRequirements);
  if (!labels) return undefined;

  const catalog = new PresetCatalog();
  catalog.setNamespace(namespace.name, namespace.labels);
  catalog.upsert(first);
  catalog.upsert(second);
  const containers = exampleContainers(first, second);
  const evaluation = evaluate(examplePod(labels, containers), '', namespace.name, catalog);
  // Only conflicts between the two: the example Pod has nothing of its own to conflict with.
  const conflicts = evaluation.conflicts.filter((conflict) => conflict.presets.length === 2);
  const targetingDecides = containers.some(
    (name) => !first.targets(name, false) || !second.targets(name, false),
  );
  return { presets: [first, second], namespace: namespace.name, labels, conflicts, targetingDecides };
}
