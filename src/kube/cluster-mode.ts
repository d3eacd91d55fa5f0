/**
 * Cluster mode (`podpreset serve` without --presets): the composition root of everything that
 * talks to the Kubernetes API. Presets from informers; preset status written by the replica that
 * holds the Lease; conflict Events; with --cert-secret, the serving certificate from a Secret
 * shared by replicas and the webhook configurations' caBundle kept equal to its CA; with
 * --narrow-scope, the mutating webhook's namespaceSelector kept to where presets can apply.
 *
 * Nothing here blocks on the API server: the informers, the election and the certificate start
 * in the background. `presets.isReady()` turns true after the first sync (readiness follows it),
 * `certificates.start()` resolves once a certificate is there.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { AdmissionObserver } from '../admission/observer.js';
import type { PresetAdmissionHook } from '../admission/preset-admission.js';
import type { Logger } from '../observability/logger.js';
import type { PresetSource } from '../presets/source.js';
import type { CertificateMetrics, ScopeMetrics, SourceMetrics } from '../observability/metrics.js';
import type { CertificateSource } from '../tls/source.js';
import { CaBundleSync } from './ca-bundle.js';
import { loadKubeConfig } from './client.js';
import { DEFAULT_EVENT_TIMING } from './event-aggregator.js';
import { ConflictEventRecorder } from './event-recorder.js';
import { KubePresetSource } from './informers.js';
import { DEFAULT_INFORMER_TIMING } from './managed-informer.js';
import { DEFAULT_LEADER_TIMING, LeaderElector } from './leader.js';
import { DEFAULT_CERTIFICATE_TIMING, SecretCertificateSource } from './secret-certificates.js';
import { StatusWriter } from './status-writer.js';
import { DEFAULT_SCOPE_TIMING, WebhookScopeWriter } from './webhook-scope-writer.js';

export interface ClusterModeTiming {
  /** Informer restart backoff (also the certificate Secret's retry backoff). */
  readonly restartInitialMs: number;
  readonly restartMaxMs: number;
  readonly leaseDurationMs: number;
  readonly leaseRenewIntervalMs: number;
  readonly leaseRetryIntervalMs: number;
  /** Status pass after informer events (debounce), and a periodic pass while leading. */
  readonly statusDebounceMs: number;
  readonly statusResyncMs: number;
  readonly eventMinIntervalMs: number;
  readonly eventWindowMs: number;
  readonly eventWritesPerSecond: number;
  readonly eventMaxKeys: number;
  readonly secretPollMs: number;
  readonly servingValidityDays: number;
  readonly caValidityDays: number;
  readonly caBundleIntervalMs: number;
  /** --narrow-scope: debounce after preset/Namespace events, periodic pass, /validate's bound. */
  readonly scopeDebounceMs: number;
  readonly scopeResyncMs: number;
  readonly scopeWidenTimeoutMs: number;
  readonly scopePendingMs: number;
}

export const DEFAULT_CLUSTER_TIMING: ClusterModeTiming = {
  ...DEFAULT_INFORMER_TIMING,
  leaseDurationMs: DEFAULT_LEADER_TIMING.leaseDurationMs,
  leaseRenewIntervalMs: DEFAULT_LEADER_TIMING.renewIntervalMs,
  leaseRetryIntervalMs: DEFAULT_LEADER_TIMING.retryIntervalMs,
  statusDebounceMs: 200,
  statusResyncMs: 60_000,
  eventMinIntervalMs: DEFAULT_EVENT_TIMING.minIntervalMs,
  eventWindowMs: DEFAULT_EVENT_TIMING.windowMs,
  eventWritesPerSecond: DEFAULT_EVENT_TIMING.writesPerSecond,
  eventMaxKeys: DEFAULT_EVENT_TIMING.maxKeys,
  secretPollMs: DEFAULT_CERTIFICATE_TIMING.pollMs,
  servingValidityDays: DEFAULT_CERTIFICATE_TIMING.servingValidityDays,
  caValidityDays: DEFAULT_CERTIFICATE_TIMING.caValidityDays,
  caBundleIntervalMs: 60_000,
  scopeDebounceMs: DEFAULT_SCOPE_TIMING.debounceMs,
  scopeResyncMs: DEFAULT_SCOPE_TIMING.resyncMs,
  scopeWidenTimeoutMs: DEFAULT_SCOPE_TIMING.widenTimeoutMs,
  scopePendingMs: DEFAULT_SCOPE_TIMING.pendingMs,
};

export interface ClusterModeOptions {
  /** --kubeconfig; else KUBECONFIG, ~/.kube/config, or the in-cluster service account. */
  kubeconfig?: string;
  /** --context; else the kubeconfig's current context. */
  context?: string;
  /** --cert-secret; absent: no Secret-backed certificates. */
  certSecret?: { namespace: string; name: string };
  /** --webhook-config: Mutating/ValidatingWebhookConfigurations whose caBundle to keep (with certSecret). */
  webhookConfigs: string[];
  /**
   * --narrow-scope: the leader keeps the namespaceSelector of the MutatingWebhookConfigurations
   * named in webhookConfigs narrowed to where presets can apply. Needs lease.
   */
  narrowScope?: boolean;
  /** --lease; absent: no status writing. */
  lease?: { namespace: string; name: string };
  /** SANs for the serving certificate (Service DNS names). */
  dnsNames: string[];
  /** Leader-election identity and Event reportingInstance; default hostname + random suffix. */
  identity?: string;
  logger: Logger;
  metrics: SourceMetrics & CertificateMetrics & ScopeMetrics;
  timing?: Partial<ClusterModeTiming>;
}

export interface ClusterMode {
  /** Informer-backed; isReady() after the initial sync of all three informers. start() is already called. */
  presets: PresetSource;
  /** Only with certSecret. start() is already called; it resolves with the first certificate. */
  certificates?: CertificateSource;
  /** The conflict Event recorder. */
  observers: AdmissionObserver[];
  /** With narrowScope: widens the webhook's scope before /validate admits a preset. */
  presetAdmission?: PresetAdmissionHook;
  stop(): Promise<void>;
}

/** defaultIdentity is the pod's hostname (its name) plus a suffix, unique across restarts. */
export const defaultIdentity = (): string => `${hostname()}-${randomBytes(3).toString('hex')}`;

/** startClusterMode starts everything cluster mode runs; it throws only when there is no usable kubeconfig. */
export async function startClusterMode(options: ClusterModeOptions): Promise<ClusterMode> {
  const timing = { ...DEFAULT_CLUSTER_TIMING, ...options.timing };
  const kubeConfig = loadKubeConfig(options.kubeconfig, options.context);
  const identity = options.identity ?? defaultIdentity();
  const { metrics } = options;
  const logger = options.logger.child({ component: 'cluster' });
  logger.info(
    { server: kubeConfig.getCurrentCluster()?.server, context: kubeConfig.getCurrentContext(), identity },
    'cluster mode starting',
  );

  const presets = new KubePresetSource({ kubeConfig, logger, metrics, timing });
  void presets.start();

  // Narrowing needs the informers' namespaces and presets, and the lease to elect its writer.
  const scope =
    options.narrowScope && options.lease
      ? new WebhookScopeWriter({
          kubeConfig,
          names: options.webhookConfigs,
          source: presets,
          logger,
          metrics,
          timing: {
            debounceMs: timing.scopeDebounceMs,
            resyncMs: timing.scopeResyncMs,
            widenTimeoutMs: timing.scopeWidenTimeoutMs,
            pendingMs: timing.scopePendingMs,
          },
        })
      : undefined;

  let elector: LeaderElector | undefined;
  let statusWriter: StatusWriter | undefined;
  if (options.lease) {
    const writer = new StatusWriter({
      kubeConfig,
      source: presets,
      logger,
      debounceMs: timing.statusDebounceMs,
      resyncMs: timing.statusResyncMs,
    });
    statusWriter = writer;
    elector = new LeaderElector({
      kubeConfig,
      ...options.lease,
      identity,
      logger,
      timing: {
        leaseDurationMs: timing.leaseDurationMs,
        renewIntervalMs: timing.leaseRenewIntervalMs,
        retryIntervalMs: timing.leaseRetryIntervalMs,
      },
      onChange: (leading) => {
        writer.setLeader(leading);
        scope?.setLeader(leading);
      },
    });
    elector.start();
  } else {
    // Status is a Lease holder's job: without one nobody writes it, so say so once, with the fix.
    logger.warn(
      {
        fix: 'pass --lease=NAMESPACE/NAME (the shipped Deployment uses podpreset-system/podpreset-status-writer)',
      },
      'no --lease given: preset status is not written',
    );
  }

  const recorder = new ConflictEventRecorder({
    kubeConfig,
    catalog: presets.catalog,
    logger,
    identity,
    timing: {
      minIntervalMs: timing.eventMinIntervalMs,
      windowMs: timing.eventWindowMs,
      writesPerSecond: timing.eventWritesPerSecond,
      maxKeys: timing.eventMaxKeys,
    },
  });

  let certificates: SecretCertificateSource | undefined;
  let caBundle: CaBundleSync | undefined;
  if (options.certSecret) {
    const source = new SecretCertificateSource({
      kubeConfig,
      ...options.certSecret,
      dnsNames: options.dnsNames,
      logger,
      metrics,
      timing: {
        pollMs: timing.secretPollMs,
        retryInitialMs: timing.restartInitialMs,
        retryMaxMs: timing.restartMaxMs,
        servingValidityDays: timing.servingValidityDays,
        caValidityDays: timing.caValidityDays,
      },
    });
    certificates = source;
    if (options.webhookConfigs.length > 0) {
      const sync = new CaBundleSync({
        kubeConfig,
        names: options.webhookConfigs,
        logger,
        ca: () => source.current().ca,
        intervalMs: timing.caBundleIntervalMs,
      });
      caBundle = sync;
      source.onChange(() => sync.sync());
      source.start().then(
        () => sync.start(),
        () => undefined, // stopped before a certificate: nothing to publish
      );
    } else {
      source.start().catch(() => undefined);
    }
  }

  return {
    presets,
    ...(certificates ? { certificates } : {}),
    observers: [recorder],
    ...(scope ? { presetAdmission: scope } : {}),
    async stop() {
      await elector?.stop();
      await statusWriter?.stop();
      await scope?.stop();
      await recorder.stop();
      await caBundle?.stop();
      await certificates?.stop();
      await presets.stop();
      logger.info({}, 'cluster mode stopped');
    },
  };
}
