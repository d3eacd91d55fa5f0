/**
 * PresetCatalog holds the compiled presets and namespace labels a source has seen, and answers
 * the one question admission asks: which presets apply to a Pod with these labels in this
 * namespace, in application order (docs/SPEC.md §2.2–2.4). It is a data structure, not I/O: the file
 * source and the informers feed it, the webhook, /preview and the CLI read it.
 *
 * A request must not scan every selector: PodPresets are kept per namespace and indexed by one
 * matchLabels pair each (a Pod without that label cannot match), and the ClusterPodPresets that
 * select a namespace are remembered until a ClusterPodPreset or that namespace changes.
 */
import type { PresetKind } from './api.js';
import type { CompiledPreset } from './preset.js';
import type { Labels } from './types.js';

export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

const byName = (a: CompiledPreset, b: CompiledPreset): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
/** /preview accepts any ?namespace=, so the per-namespace cache is bounded. */
const MAX_CACHED_NAMESPACES = 10_000;

interface NamespaceIndex {
  /**
   * Label key, then value: the Pod's own key and value strings look it up, so a request builds
   * no key string per label (and hashes none that it does not look up).
   */
  readonly byLabel: Map<string, Map<string, CompiledPreset[]>>;
  readonly unindexed: CompiledPreset[];
}

class NamespacePresets {
  readonly byName = new Map<string, CompiledPreset>();
  private index: NamespaceIndex | undefined;

  invalidate(): void {
    this.index = undefined;
  }

  /** Rebuilt lazily: a burst of informer events costs one rebuild, at the next request. */
  lookup(): NamespaceIndex {
    if (this.index) return this.index;
    const index: NamespaceIndex = { byLabel: new Map(), unindexed: [] };
    for (const preset of this.byName.values()) {
      if (!preset.requiredLabel) {
        index.unindexed.push(preset);
        continue;
      }
      const [key, value] = preset.requiredLabel;
      let byValue = index.byLabel.get(key);
      if (!byValue) index.byLabel.set(key, (byValue = new Map()));
      const bucket = byValue.get(value);
      if (bucket) bucket.push(preset);
      else byValue.set(value, [preset]);
    }
    this.index = index;
    return index;
  }
}

export class PresetCatalog {
  private readonly namespaced = new Map<string, NamespacePresets>();
  private readonly cluster = new Map<string, CompiledPreset>();
  private readonly namespaceLabels = new Map<string, Labels>();
  private readonly clusterForNamespace = new Map<string, CompiledPreset[]>();
  private sortedCluster: CompiledPreset[] | undefined;

  /** upsert adds a preset or replaces the one of the same kind, namespace and name. */
  upsert(preset: CompiledPreset): void {
    if (preset.kind === 'ClusterPodPreset') {
      this.cluster.set(preset.name, preset);
      this.clusterChanged();
      return;
    }
    const namespace = preset.namespace ?? '';
    let presets = this.namespaced.get(namespace);
    if (!presets) {
      presets = new NamespacePresets();
      this.namespaced.set(namespace, presets);
    }
    presets.byName.set(preset.name, preset);
    presets.invalidate();
  }

  /** remove drops a preset; removing one that is not there is a no-op. */
  remove(kind: PresetKind, name: string, namespace?: string): void {
    if (kind === 'ClusterPodPreset') {
      if (this.cluster.delete(name)) this.clusterChanged();
      return;
    }
    const presets = this.namespaced.get(namespace ?? '');
    if (presets?.byName.delete(name)) {
      presets.invalidate();
      if (presets.byName.size === 0) this.namespaced.delete(namespace ?? '');
    }
  }

  /** setNamespace records a Namespace's labels (they feed ClusterPodPreset namespaceSelectors). */
  setNamespace(name: string, labels: Labels): void {
    this.namespaceLabels.set(name, { ...labels, [NAMESPACE_NAME_LABEL]: name });
    this.clusterForNamespace.delete(name);
  }

  removeNamespace(name: string): void {
    this.namespaceLabels.delete(name);
    this.clusterForNamespace.delete(name);
  }

  /** labelsOf returns a namespace's labels; one never seen carries only its name label, as the API server guarantees. */
  labelsOf(namespace: string): Labels {
    return this.namespaceLabels.get(namespace) ?? { [NAMESPACE_NAME_LABEL]: namespace };
  }

  /** namespaces lists every namespace recorded, with its labels (the name label included). */
  namespaces(): IterableIterator<[string, Labels]> {
    return this.namespaceLabels.entries();
  }

  /**
   * hasPresetsFor is true when some preset can apply in `namespace`: it holds a PodPreset, or a
   * ClusterPodPreset's namespaceSelector selects it (whatever the Pods' labels). The webhook's
   * narrowed scope lists the namespaces where it is false.
   */
  hasPresetsFor(namespace: string): boolean {
    return this.namespaced.has(namespace) || this.clusterPresetsFor(namespace).length > 0;
  }

  /** get returns one preset by kind, namespace and name. */
  get(kind: PresetKind, name: string, namespace?: string): CompiledPreset | undefined {
    return kind === 'ClusterPodPreset'
      ? this.cluster.get(name)
      : this.namespaced.get(namespace ?? '')?.byName.get(name);
  }

  /** size counts the presets held. */
  get size(): number {
    let total = this.cluster.size;
    for (const presets of this.namespaced.values()) total += presets.byName.size;
    return total;
  }

  /** presets lists every preset held, ClusterPodPresets first (for status and metrics, not admission). */
  presets(): CompiledPreset[] {
    return [
      ...this.cluster.values(),
      ...[...this.namespaced.values()].flatMap((p) => [...p.byName.values()]),
    ];
  }

  /**
   * matching returns the presets that apply to a Pod with `podLabels` created in `namespace`:
   * ClusterPodPresets selecting the namespace, then the namespace's PodPresets, each group by
   * name (plain string order), each filtered by its selector.
   */
  matching(namespace: string, podLabels: Labels): CompiledPreset[] {
    const result = this.clusterPresetsFor(namespace).filter((preset) => preset.selector(podLabels));
    const presets = this.namespaced.get(namespace);
    if (!presets) return result;

    const index = presets.lookup();
    const found: CompiledPreset[] = [];
    for (const preset of index.unindexed) if (preset.selector(podLabels)) found.push(preset);
    for (const key in podLabels) {
      const bucket = index.byLabel.get(key)?.get(podLabels[key]!);
      if (bucket) for (const preset of bucket) if (preset.selector(podLabels)) found.push(preset);
    }
    return result.concat(found.sort(byName));
  }

  private clusterPresetsFor(namespace: string): CompiledPreset[] {
    let presets = this.clusterForNamespace.get(namespace);
    if (!presets) {
      const labels = this.labelsOf(namespace);
      this.sortedCluster ??= [...this.cluster.values()].sort(byName);
      presets = this.sortedCluster.filter((preset) => preset.namespaceSelector(labels));
      if (this.clusterForNamespace.size >= MAX_CACHED_NAMESPACES) this.clusterForNamespace.clear();
      this.clusterForNamespace.set(namespace, presets);
    }
    return presets;
  }

  private clusterChanged(): void {
    this.sortedCluster = undefined;
    this.clusterForNamespace.clear();
  }
}
