/**
 * Work that must be done before a preset write is admitted, because it must happen before the
 * preset is stored. Cluster mode with --narrow-scope widens the mutating webhook's scope to the
 * namespaces the preset can apply in, so that Pods created right after the preset get it.
 * Called after a positive /validate answer is decided and before it is sent, never for dryRun.
 */
import type { CompiledPreset } from '../core/preset.js';

export interface PresetAdmissionHook {
  /** beforeAdmit never rejects, and resolves within a bound the hook sets (the answer waits for it). */
  beforeAdmit(preset: CompiledPreset): Promise<void>;
}
