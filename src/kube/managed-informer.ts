/**
 * One client-node informer kept running: restarted with capped backoff after every error until
 * it is stopped. What it watches and what it does with the objects is the caller's business
 * (informers.ts feeds presets and namespaces to the catalog).
 *
 * client-node 1.4 facts coded for (docs/KUBERNETES.md): an informer error STOPS it, so it is
 * restarted here; stop() fires the error callbacks with an AbortError, so a stopping flag keeps a
 * stopped informer stopped; 410 Gone is handled inside (relist); start() resolves even when the
 * list or watch failed (the failure goes to the error callbacks), so a start counts as a sync
 * only if no error came during it.
 */
import type { KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from '../observability/logger.js';
import type { SourceMetrics } from '../observability/metrics.js';
import { describeKubeError } from './client.js';
import { RestartBackoff } from './restart-backoff.js';

export interface InformerTiming {
  /** First delay before restarting a failed informer; doubled per failure up to `restartMaxMs`. */
  readonly restartInitialMs: number;
  readonly restartMaxMs: number;
}

export const DEFAULT_INFORMER_TIMING: InformerTiming = { restartInitialMs: 1000, restartMaxMs: 30_000 };

/** The subset of a client-node informer this source uses; tests may inject their own. */
export interface InformerLike {
  on(verb: 'add' | 'update' | 'delete', cb: (object: KubernetesObject) => void): void;
  on(verb: 'error', cb: (error?: unknown) => void): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export type InformerFactory = (
  path: string,
  list: () => Promise<KubernetesListObject<KubernetesObject>>,
) => InformerLike;

export interface ManagedInformerOptions {
  /** The metric label and log field: podpresets, clusterpodpresets, namespaces. */
  readonly resource: string;
  readonly informer: InformerLike;
  readonly timing: InformerTiming;
  readonly logger: Logger;
  readonly metrics: SourceMetrics;
  /** Called after every successful (re)start. */
  readonly onSynced: () => void;
}

export class ManagedInformer {
  synced = false;
  everSynced = false;
  readonly resource: string;
  private readonly backoff: RestartBackoff;
  private failedDuringStart = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(private readonly options: ManagedInformerOptions) {
    this.resource = options.resource;
    this.backoff = new RestartBackoff(options.timing.restartInitialMs, options.timing.restartMaxMs);
    options.informer.on('error', (error) => this.failed(error));
  }

  async run(): Promise<void> {
    if (this.stopping) return;
    this.failedDuringStart = false;
    await this.options.informer.start();
    if (this.failedDuringStart || this.stopping) return;
    this.synced = true;
    this.backoff.synced();
    this.options.metrics.sourceSynced.set({ resource: this.resource }, 1);
    this.options.logger.info({ resource: this.resource, resync: this.everSynced }, 'informer synced');
    this.everSynced = true;
    this.options.onSynced();
  }

  private failed(error: unknown): void {
    // stop() aborts the watch, which reports an AbortError: that is not a failure to recover from.
    if (this.stopping) return;
    const { metrics, logger } = this.options;
    this.failedDuringStart = true;
    this.synced = false;
    metrics.sourceSynced.set({ resource: this.resource }, 0);
    const delayMs = this.backoff.failed();
    if (delayMs === undefined) return;
    metrics.sourceRestarts.inc({ resource: this.resource });
    logger.warn(
      { resource: this.resource, error: describeKubeError(error), delayMs, failures: this.backoff.failures },
      'informer disconnected; serving the last synced presets and reconnecting',
    );
    this.restartTimer = setTimeout(() => {
      this.backoff.restarting();
      this.run().catch((e: unknown) => this.failed(e));
    }, delayMs);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    await this.options.informer.stop();
  }
}
