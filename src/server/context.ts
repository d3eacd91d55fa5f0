/** What the routes share: the preset source, the logger, the metrics, the observers and the lifecycle. */
import type { AdmissionObserver } from '../admission/observer.js';
import type { NamespaceExclusions } from '../core/excluded-namespaces.js';
import type { PresetAdmissionHook } from '../admission/preset-admission.js';
import type { Logger } from '../observability/logger.js';
import type { PresetSource } from '../presets/source.js';
import type { Metrics } from '../observability/metrics.js';

export interface ServerContext {
  readonly presets: PresetSource;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Called after a /mutate decision is answered, never for dryRun (docs/SPEC.md §3: no side effects). */
  readonly observers: readonly AdmissionObserver[];
  /** Namespaces the webhook is never called for: /mutate and /preview leave their Pods alone. */
  readonly exclusions: NamespaceExclusions;
  /** Awaited before /validate admits a valid preset, never for dryRun (cluster mode, --narrow-scope). */
  readonly presetAdmission?: PresetAdmissionHook;
  /** Cluster mode: /validate warns when a preset would overlap-conflict with the cluster's presets. */
  readonly overlapWarnings?: boolean;
  /** True once shutdown began: /readyz fails and every answer closes its connection. */
  readonly isShuttingDown: () => boolean;
}

/** The endpoints, as metric labels and log fields. */
export type Endpoint = 'mutate' | 'validate' | 'preview' | 'explain';
