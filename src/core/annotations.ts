/**
 * Annotations the webhook reads and writes (docs/SPEC.md §2.1 and §2.8). The key prefix is the in-tree
 * plugin's, so tooling that looked for it keeps working.
 */
import { createHash } from 'node:crypto';
import type { PresetKind } from './api.js';

export const ANNOTATION_DOMAIN = 'podpreset.admission.kubernetes.io';
export const EXCLUDE_ANNOTATION = `${ANNOTATION_DOMAIN}/exclude`;
export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

const NAME_PART_LIMIT = 63;
const HASH_LENGTH = 8;
const KEY_PREFIX: Readonly<Record<PresetKind, string>> = {
  PodPreset: 'podpreset-',
  ClusterPodPreset: 'clusterpodpreset-',
};

/**
 * presetAnnotationKey returns the key recording that a preset was applied. A name part longer
 * than 63 characters would make the API server reject the Pod, so it is shortened
 * deterministically: prefix + longest fitting name prefix + "-" + 8 hex of SHA-256(name).
 */
export function presetAnnotationKey(kind: PresetKind, name: string): string {
  const prefix = KEY_PREFIX[kind];
  const full = prefix + name;
  if (full.length <= NAME_PART_LIMIT) return `${ANNOTATION_DOMAIN}/${full}`;
  const hash = createHash('sha256').update(name, 'utf8').digest('hex').slice(0, HASH_LENGTH);
  const room = NAME_PART_LIMIT - prefix.length - 1 - HASH_LENGTH;
  return `${ANNOTATION_DOMAIN}/${prefix}${name.slice(0, room)}-${hash}`;
}
