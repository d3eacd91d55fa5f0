/**
 * What happened to each item of each matched preset, heard from the engine's own merge pass (a
 * PassObserver): explain never merges a second time, so it cannot tell another story than the
 * webhook's patch. Only explain creates one; admission runs the pass without an observer.
 */
import type { Resolution } from './conflicts.js';
import type { ItemField } from './fields/index.js';
import type { ItemEvent, PassObserver } from './pass.js';
import type { CompiledPreset } from './preset.js';

export interface ExplainedItem {
  readonly field: ItemField;
  /** The container (or init container) it went to; absent for pod-level items. */
  readonly container?: string;
  readonly key: string;
  readonly action: ItemEvent['action'];
  /** For a conflict or an item already there: `Pod` (its own item) or the other preset as `Kind/name`. */
  readonly with?: string;
  /** For a conflict: what the conflict policy (or another preset's Abort) did about it. */
  readonly resolution?: Resolution;
}

/** The Pod's own items are named this way in `with`: a workload's template is the Pod to be. */
export const THE_POD = 'Pod';

/** ItemRecorder collects the pass's item events per preset, and each preset's resolution. */
export class ItemRecorder implements PassObserver {
  private readonly events = new Map<CompiledPreset, ItemEvent[]>();
  private readonly resolutions = new Map<CompiledPreset, Resolution>();

  item(event: ItemEvent): void {
    const list = this.events.get(event.preset);
    if (list) list.push(event);
    else this.events.set(event.preset, [event]);
  }

  resolved(preset: CompiledPreset, resolution: Resolution | undefined): void {
    if (resolution) this.resolutions.set(preset, resolution);
  }

  /** resolutionOf is what `preset`'s conflicts came to, if it had any. */
  resolutionOf(preset: CompiledPreset): Resolution | undefined {
    return this.resolutions.get(preset);
  }

  /**
   * itemsOf lists `preset`'s items as explain reports them. `aborted`: some Abort conflict left
   * the Pod unchanged, so every conflict's resolution is `abort`, whatever its own policy said.
   */
  itemsOf(preset: CompiledPreset, aborted: boolean): ExplainedItem[] {
    const resolution = aborted ? 'abort' : this.resolutions.get(preset);
    return (this.events.get(preset) ?? []).map(({ field, container, key, action, with: other }) => ({
      field,
      ...(container === undefined ? {} : { container }),
      key,
      action,
      ...(action === 'added' ? {} : { with: other ? other.label : THE_POD }),
      ...(action === 'conflict' && resolution ? { resolution } : {}),
    }));
  }
}
