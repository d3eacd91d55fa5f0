/**
 * The podpreset API as the cluster knows it: group, version, kinds and resource names.
 * crds/, webhook-config/ (RBAC, webhook rules) and cluster mode all agree with these,
 * and a test holds them to it.
 */
export const GROUP = 'podpreset.dev';
export const VERSION = 'v1alpha1';
export const API_VERSION = `${GROUP}/${VERSION}`;

export type PresetKind = 'PodPreset' | 'ClusterPodPreset';

export interface PresetResource {
  readonly kind: PresetKind;
  readonly listKind: string;
  readonly plural: string;
  readonly singular: string;
  readonly shortName: string;
  readonly namespaced: boolean;
  /** Longest metadata.name whose annotation key needs no shortening (docs/SPEC.md §2.8: 63 minus the key's prefix). */
  readonly maxNameLength: number;
}

export const POD_PRESET: PresetResource = {
  kind: 'PodPreset',
  listKind: 'PodPresetList',
  plural: 'podpresets',
  singular: 'podpreset',
  shortName: 'pp',
  namespaced: true,
  maxNameLength: 53,
};

export const CLUSTER_POD_PRESET: PresetResource = {
  kind: 'ClusterPodPreset',
  listKind: 'ClusterPodPresetList',
  plural: 'clusterpodpresets',
  singular: 'clusterpodpreset',
  shortName: 'cpp',
  namespaced: false,
  maxNameLength: 46,
};

export const PRESET_RESOURCES: Readonly<Record<PresetKind, PresetResource>> = {
  PodPreset: POD_PRESET,
  ClusterPodPreset: CLUSTER_POD_PRESET,
};

/**
 * The category both CRDs belong to: `kubectl get presets -A` lists both kinds. kubectl expands a
 * category before it looks up resource names, so the category must differ from every plural,
 * singular and short name (`podpreset` would make `kubectl delete podpreset NAME` hit a
 * ClusterPodPreset of that name too).
 */
export const CATEGORY = 'presets';
