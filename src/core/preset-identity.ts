/**
 * A preset's identity: its kind, its namespace (PodPresets only) and its name. Informers, status,
 * Events, the catalog and file loading all key presets by it, so they agree on what "the same
 * preset" is: a PodPreset and a ClusterPodPreset of one name are two presets, and so are two
 * PodPresets of one name in two namespaces.
 */
import type { PresetKind } from './api.js';

export interface PresetIdentity {
  readonly kind: PresetKind;
  readonly name: string;
  /** The PodPreset's namespace; undefined for a ClusterPodPreset. */
  readonly namespace: string | undefined;
}

/** presetIdentity is the identity as one map key: `Kind/namespace/name` (`Kind//name` for cluster scope). */
export function presetIdentity(preset: PresetIdentity): string {
  return `${preset.kind}/${preset.namespace ?? ''}/${preset.name}`;
}
