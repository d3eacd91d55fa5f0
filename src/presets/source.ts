/**
 * PresetSource is the seam between the engine and where presets live: files (file mode) or the
 * Kubernetes API through informers (cluster mode). Admission only ever reads `catalog`, which
 * holds compiled, valid presets; a source never makes a call per admission request.
 */
import type { PresetCatalog } from '../core/catalog.js';

export interface PresetSource {
  /** The presets and namespace labels admission reads: the latest loaded or synced state. */
  readonly catalog: PresetCatalog;
  /** True once the initial load (files) or sync (informers) has completed; /readyz follows it. */
  isReady(): boolean;
  /** start loads or syncs, keeps watching, and resolves once the first load or sync is done. */
  start(): Promise<void>;
  /** stop ends watching; a stopped source is never restarted by its own error handling. */
  stop(): Promise<void>;
}
