/**
 * injectPresets applies matching presets to one pod template (docs/SPEC.md §2.5–2.10, §8): the merge
 * pass decides what each list gains, then the patch is written against the template as received.
 * Container-level items go first, while the Pod's own init containers are still at the indexes
 * they arrived with; then the pod-level fields in FIELDS order (added init containers inserted as
 * one block at the front, containers appended); then one annotation per applied preset.
 */
import type { Conflict } from './conflicts.js';
import { CONTAINER_FIELDS, POD_FIELDS, fieldOf } from './fields/index.js';
import { isPlainObject, jsonString } from './json.js';
import { runPass, type PassObserver, type PodLists } from './pass.js';
import { PatchWriter, type Patch, type SpecMember } from './patch.js';
import type { CompiledPreset } from './preset.js';
import type { PodTemplate } from './types.js';

export type Injection =
  | { readonly kind: 'conflict'; readonly conflicts: Conflict[] }
  | {
      readonly kind: 'patch';
      readonly patch: Patch;
      /** Conflicts SkipPreset or KeepExisting resolved. */
      readonly conflicts: Conflict[];
      /** Presets SkipPreset left out. */
      readonly skipped: CompiledPreset[];
      /** Presets applied (matched and not skipped), in order. */
      readonly applied: readonly CompiledPreset[];
    };

/**
 * injectPresets merges `presets` (in application order) into `template`, whose JSON Pointer in
 * the object under review is `basePath` ('' for a Pod), and returns the patch or the conflicts.
 * The template is never modified. An empty patch means everything is already there.
 */
export function injectPresets(
  template: PodTemplate,
  basePath: string,
  presets: readonly CompiledPreset[],
  observer?: PassObserver,
): Injection {
  const spec = isPlainObject(template.spec) ? template.spec : undefined;
  const pass = runPass(spec, presets, observer);
  if (pass.aborted) return { kind: 'conflict', conflicts: pass.conflicts };

  const patch = new PatchWriter();
  writeContainerItems(patch, pass.lists, basePath);
  writePodItems(patch, pass.lists, basePath);
  const applied = pass.skipped.length === 0 ? presets : presets.filter((p) => !pass.skipped.includes(p));
  annotate(patch, template, basePath, applied);
  return { kind: 'patch', patch: patch.finish(), conflicts: pass.conflicts, skipped: pass.skipped, applied };
}

function writeContainerItems(patch: PatchWriter, lists: PodLists, basePath: string): void {
  for (const target of lists.own) {
    for (const field of CONTAINER_FIELDS) {
      const state = lists.containerState(target, field);
      // These tokens never need escaping: the path is joined directly.
      if (state)
        patch.appendItems(
          `${basePath}/spec/${target.list}/${target.index}/${field}`,
          state.existing,
          state.added,
        );
    }
  }
}

function writePodItems(patch: PatchWriter, lists: PodLists, basePath: string): void {
  const members: SpecMember[] = [];
  for (const field of POD_FIELDS) {
    const state = lists.podState(field);
    if (!state || state.added.length === 0) continue;
    const descriptor = fieldOf(field);
    if (!lists.spec) members.push(PatchWriter.member(descriptor, state.added));
    else patch.addItems(`${basePath}/spec/${field}`, descriptor, state.existing, state.added);
  }
  // A template without a spec gets one `add` of a spec holding only what presets add.
  if (members.length > 0) patch.addSpec(`${basePath}/spec`, members);
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
      patch.add(
        `${basePath}/metadata/annotations/${preset.annotationToken}`,
        preset.resourceVersion,
        jsonString(preset.resourceVersion),
      );
    }
    return;
  }
  const entries: Record<string, string> = {};
  for (const preset of wanted) entries[preset.annotationKey] = preset.resourceVersion;
  if (metadata) patch.add(`${basePath}/metadata/annotations`, entries);
  else patch.add(`${basePath}/metadata`, { annotations: entries });
}
