/**
 * Lease-based leader election (coordination.k8s.io/v1), the way client-go's leaderelection does
 * it, trimmed to what cluster mode needs: one replica at a time writes preset status.
 *
 * Acquire or renew is a get then a create or an update carrying the resourceVersion read, so two
 * candidates racing cannot both win (the loser gets 409). Another holder's lease counts as expired
 * when its record has not changed for leaseDuration by this replica's own clock (as client-go
 * does, so clock skew between nodes does not matter). The leader renews every renewInterval and
 * gives up when it could not renew for renewDeadline; on stop it releases the lease so another
 * replica takes over at once instead of after a lease duration.
 */
import { CoordinationV1Api, type KubeConfig, type V1Lease } from '@kubernetes/client-node';
import type { Logger } from '../observability/logger.js';
import { describeKubeError, httpStatusOf, microTime } from './client.js';

export interface LeaderTiming {
  readonly leaseDurationMs: number;
  /** How often the leader renews (client-go: 2 s with a 15 s lease; about a third is safer). */
  readonly renewIntervalMs: number;
  /** How often a follower tries to acquire. */
  readonly retryIntervalMs: number;
}

export const DEFAULT_LEADER_TIMING: LeaderTiming = {
  leaseDurationMs: 15_000,
  renewIntervalMs: 5_000,
  retryIntervalMs: 2_000,
};

export interface LeaderElectorOptions {
  readonly kubeConfig: KubeConfig;
  readonly namespace: string;
  readonly name: string;
  readonly identity: string;
  readonly logger: Logger;
  readonly timing?: Partial<LeaderTiming>;
  readonly onChange: (leading: boolean) => void;
  readonly now?: () => number;
}

export class LeaderElector {
  private readonly api: CoordinationV1Api;
  private readonly timing: LeaderTiming;
  private readonly now: () => number;
  private leading = false;
  private lastRenewed = 0;
  private observed: { record: string; at: number } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private running: Promise<void> | undefined;

  constructor(private readonly options: LeaderElectorOptions) {
    this.api = options.kubeConfig.makeApiClient(CoordinationV1Api);
    this.timing = { ...DEFAULT_LEADER_TIMING, ...options.timing };
    this.now = options.now ?? Date.now;
  }

  /** start begins campaigning; the first attempt runs at once. */
  start(): void {
    this.schedule(0);
  }

  /** stop stops campaigning and, when leading, releases the lease. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    if (!this.leading) return;
    this.setLeading(false);
    try {
      await this.release();
      this.options.logger.info(
        { lease: this.leaseName, identity: this.options.identity },
        'leader lease released',
      );
    } catch (error) {
      this.options.logger.warn(
        { lease: this.leaseName, error: describeKubeError(error) },
        'leader lease not released',
      );
    }
  }

  private get leaseName(): string {
    return `${this.options.namespace}/${this.options.name}`;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.attempt().finally(() => {
        this.running = undefined;
        this.schedule(this.leading ? this.timing.renewIntervalMs : this.timing.retryIntervalMs);
      });
    }, delayMs);
  }

  private async attempt(): Promise<void> {
    try {
      const won = await this.tryAcquireOrRenew();
      if (this.stopped) return;
      if (won) this.lastRenewed = this.now();
      this.setLeading(won);
    } catch (error) {
      if (this.stopped) return;
      const expired = this.now() - this.lastRenewed > this.renewDeadlineMs;
      this.options.logger.warn(
        { lease: this.leaseName, error: describeKubeError(error), leading: this.leading && !expired },
        'leader lease not renewed',
      );
      if (expired) this.setLeading(false);
    }
  }

  /** Two thirds of the lease: the leader stops before any other replica may take over. */
  private get renewDeadlineMs(): number {
    return (this.timing.leaseDurationMs * 2) / 3;
  }

  private setLeading(leading: boolean): void {
    if (leading === this.leading) return;
    this.leading = leading;
    this.options.logger.info(
      { lease: this.leaseName, identity: this.options.identity },
      leading ? 'leader lease acquired' : 'leader lease lost',
    );
    this.options.onChange(leading);
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const { namespace, name, identity } = this.options;
    const now = this.now();
    const durationSeconds = Math.max(1, Math.ceil(this.timing.leaseDurationMs / 1000));
    let lease: V1Lease;
    try {
      lease = await this.api.readNamespacedLease({ name, namespace });
    } catch (error) {
      if (httpStatusOf(error) !== 404) throw error;
      try {
        await this.api.createNamespacedLease({
          namespace,
          body: {
            apiVersion: 'coordination.k8s.io/v1',
            kind: 'Lease',
            metadata: { name, namespace },
            spec: {
              holderIdentity: identity,
              leaseDurationSeconds: durationSeconds,
              acquireTime: microTime(now),
              renewTime: microTime(now),
              leaseTransitions: 0,
            },
          },
        });
        return true;
      } catch (createError) {
        if (httpStatusOf(createError) === 409) return false; // another replica created it first
        throw createError;
      }
    }

    const spec = lease.spec ?? {};
    const holder = spec.holderIdentity ?? '';
    const record = JSON.stringify([holder, String(spec.renewTime ?? ''), lease.metadata?.resourceVersion]);
    if (this.observed?.record !== record) this.observed = { record, at: now };
    const heldByOther = holder !== '' && holder !== identity;
    const otherDurationMs = (spec.leaseDurationSeconds ?? durationSeconds) * 1000;
    if (heldByOther && this.observed.at + otherDurationMs > now) return false;

    const renewing = holder === identity;
    lease.spec = {
      ...spec,
      holderIdentity: identity,
      leaseDurationSeconds: durationSeconds,
      renewTime: microTime(now),
      acquireTime: renewing && spec.acquireTime ? spec.acquireTime : microTime(now),
      leaseTransitions: (spec.leaseTransitions ?? 0) + (renewing ? 0 : 1),
    };
    try {
      await this.api.replaceNamespacedLease({ name, namespace, body: lease });
      return true;
    } catch (error) {
      if (httpStatusOf(error) === 409) return false; // someone wrote it since we read it
      throw error;
    }
  }

  private async release(): Promise<void> {
    const { namespace, name, identity } = this.options;
    const lease = await this.api.readNamespacedLease({ name, namespace });
    if (lease.spec?.holderIdentity !== identity) return;
    const now = this.now();
    lease.spec = { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: microTime(now) };
    await this.api.replaceNamespacedLease({ name, namespace, body: lease });
  }
}
