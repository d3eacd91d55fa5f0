/** StaticPresetSource: a catalog held in memory, ready at once (tests, and callers that load presets themselves). */
import type { PresetCatalog } from '../core/catalog.js';
import type { PresetSource } from './source.js';

export class StaticPresetSource implements PresetSource {
  constructor(public catalog: PresetCatalog) {}

  isReady(): boolean {
    return true;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}
}
