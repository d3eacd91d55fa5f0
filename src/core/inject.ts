/**
 * injectPresets applies matching presets to one pod template, all or nothing (PRODUCT §2.5–2.10):
 * env, envFrom and volumeMounts into every init container and container, volumes into the pod,
 * one annotation per preset. Any conflict, with the pod or between presets, means no patch at all.
 */
import type { Conflict } from './conflicts.js';
import { CONTAINER_FIELDS } from './fields/index.js';
import { isPlainObject } from './json.js';
import { mergeList } from './merge.js';
import { PatchWriter, type Patch } from './patch.js';
import type { CompiledPreset } from './preset.js';
import type { PodTemplate } from './types.js';

export type Injection =
  | { readonly kind: 'conflict'; readonly conflicts: Conflict[] }
  | { readonly kind: 'patch'; readonly patch: Patch };

const CONTAINER_LISTS = ['initContainers', 'containers'] as const;

const asList = (value: unknown): readonly unknown[] | undefined => (Array.isArray(value) ? value : undefined);

/**
 * injectPresets merges `presets` (in application order) into `template`, whose JSON Pointer in
 * the object under review is `basePath` ('' for a Pod), and returns the patch or the conflicts.
 * The template is never modified. An empty patch means everything is already there.
 */
export function injectPresets(
  template: PodTemplate,
  basePath: string,
  presets: readonly CompiledPreset[],
): Injection {
  const patch = new PatchWriter();
  const conflicts: Conflict[] = [];
  const spec = isPlainObject(template.spec) ? template.spec : undefined;

  for (const list of CONTAINER_LISTS) {
    asList(spec?.[list])?.forEach((container, i) => {
      if (!isPlainObject(container)) return;
      const name = typeof container['name'] === 'string' ? container['name'] : `#${i}`;
      for (const field of CONTAINER_FIELDS) {
        const existing = container[field];
        const merged = mergeList(field, asList(existing), presets, name);
        conflicts.push(...merged.conflicts);
        // These tokens never need escaping: the path is joined directly.
        patch.appendItems(`${basePath}/spec/${list}/${i}/${field}`, existing, merged.added);
      }
    });
  }

  const volumes = mergeList('volumes', asList(spec?.volumes), presets, undefined);
  conflicts.push(...volumes.conflicts);
  if (conflicts.length > 0) return { kind: 'conflict', conflicts };

  if (spec) patch.appendItems(`${basePath}/spec/volumes`, spec.volumes, volumes.added);
  else if (volumes.added.length > 0) patch.addVolumesToSpec(`${basePath}/spec`, volumes.added);

  annotate(patch, template, basePath, presets);
  return { kind: 'patch', patch: patch.finish() };
}

/** One annotation per applied preset, valued with its resourceVersion; unchanged ones are left alone. */
function annotate(
  patch: PatchWriter,
  template: PodTemplate,
  basePath: string,
  presets: readonly CompiledPreset[],
): void {
  const metadata = isPlainObject(template.metadata) ? template.metadata : undefined;
  const annotations = isPlainObject(metadata?.annotations) ? metadata.annotations : undefined;
  const wanted = presets.filter((preset) => annotations?.[preset.annotationKey] !== preset.resourceVersion);
  if (wanted.length === 0) return;
  if (annotations) {
    for (const preset of wanted) {
      patch.add(`${basePath}/metadata/annotations/${preset.annotationToken}`, preset.resourceVersion);
    }
    return;
  }
  const entries: Record<string, string> = {};
  for (const preset of wanted) entries[preset.annotationKey] = preset.resourceVersion;
  if (metadata) patch.add(`${basePath}/metadata/annotations`, entries);
  else patch.add(`${basePath}/metadata`, { annotations: entries });
}
