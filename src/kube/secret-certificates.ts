/**
 * SecretCertificateSource: the serving certificate of cluster mode without cert-manager
 * (--cert-secret). A CA and a serving certificate it signs live in one Secret (type
 * kubernetes.io/tls: tls.crt, tls.key, ca.crt, and ca.key so any replica can renew with the same
 * CA). The first replica creates it; create is create-if-absent, so replicas racing at start
 * agree on one (the loser's 409 AlreadyExists makes it read and adopt the winner's). Every replica
 * polls the Secret (RBAC allows get, not watch) and swaps certificates when it changes. When the
 * renewal policy (tls/renewal.ts) says so, whichever replica notices issues a new serving
 * certificate from the same CA and writes it with an update carrying the resourceVersion it read:
 * one write wins, the others get 409 and adopt it. The CA stays while it is usable, so caBundle does.
 */
import { CoreV1Api, type KubeConfig, type V1Secret } from '@kubernetes/client-node';
import type { Logger } from '../observability/logger.js';
import type { CertificateMetrics } from '../observability/metrics.js';
import { certificateValidity, issueCertificates, type IssuedCertificates } from '../tls/authority.js';
import { caProblem, renewalReason } from '../tls/renewal.js';
import type { CertificateSource, ServingCertificate } from '../tls/source.js';
import { fromSecret, toData, toServing } from './certificate-secret.js';
import { describeKubeError, httpStatusOf } from './client.js';
import { backoffDelay } from './restart-backoff.js';

export interface CertificateTiming {
  /** How often every replica re-reads the Secret (changes by other replicas, renewal due). */
  readonly pollMs: number;
  readonly retryInitialMs: number;
  readonly retryMaxMs: number;
  readonly servingValidityDays: number;
  readonly caValidityDays: number;
}

export const DEFAULT_CERTIFICATE_TIMING: CertificateTiming = {
  pollMs: 60_000,
  retryInitialMs: 1000,
  retryMaxMs: 30_000,
  // A serving certificate for a year, renewed after eight months; a CA for ten years (not rotated).
  servingValidityDays: 365,
  caValidityDays: 3650,
};

export interface SecretCertificateOptions {
  readonly kubeConfig: KubeConfig;
  readonly namespace: string;
  readonly name: string;
  readonly dnsNames: readonly string[];
  readonly logger: Logger;
  readonly metrics: CertificateMetrics;
  readonly timing?: Partial<CertificateTiming>;
  readonly now?: () => number;
}

export class SecretCertificateSource implements CertificateSource {
  private readonly api: CoreV1Api;
  private readonly timing: CertificateTiming;
  private readonly now: () => number;
  private readonly listeners: Array<(certificate: ServingCertificate) => void> = [];
  private certificate: ServingCertificate | undefined;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private stopped = false;
  private started: Promise<ServingCertificate> | undefined;

  constructor(private readonly options: SecretCertificateOptions) {
    this.api = options.kubeConfig.makeApiClient(CoreV1Api);
    this.timing = { ...DEFAULT_CERTIFICATE_TIMING, ...options.timing };
    this.now = options.now ?? Date.now;
  }

  private get secretName(): string {
    return `${this.options.namespace}/${this.options.name}`;
  }

  /**
   * start reads, creates or renews the certificate in the Secret, retrying with backoff until it
   * has one, then keeps polling. Idempotent: later calls return the same promise.
   */
  start(): Promise<ServingCertificate> {
    this.started ??= this.firstCertificate();
    return this.started;
  }

  private async firstCertificate(): Promise<ServingCertificate> {
    for (let attempt = 0; ; attempt += 1) {
      if (this.stopped) throw new Error('the certificate source was stopped before it had a certificate');
      try {
        const certificate = await this.reconcile();
        this.schedulePoll();
        return certificate;
      } catch (error) {
        const delayMs = backoffDelay(attempt, this.timing.retryInitialMs, this.timing.retryMaxMs);
        this.options.logger.warn(
          { secret: this.secretName, error: describeKubeError(error), delayMs },
          'serving certificate not available yet; retrying',
        );
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  }

  current(): ServingCertificate {
    if (!this.certificate) throw new Error('no serving certificate yet: start() has not completed');
    return this.certificate;
  }

  onChange(listener: (certificate: ServingCertificate) => void): void {
    this.listeners.push(listener);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.polling;
  }

  private schedulePoll(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.polling = this.reconcile()
        .then(
          () => undefined,
          (error: unknown) => {
            this.options.metrics.certificateReloads.inc({ result: 'error' });
            this.options.logger.warn(
              { secret: this.secretName, error: describeKubeError(error) },
              'serving certificate Secret not read; keeping the current certificate',
            );
          },
        )
        .finally(() => {
          this.polling = undefined;
          this.schedulePoll();
        });
    }, this.timing.pollMs);
  }

  /** reconcile makes the Secret hold a usable certificate and adopts it; a lost race (409) is retried. */
  private async reconcile(): Promise<ServingCertificate> {
    const { namespace, name } = this.options;
    for (let round = 0; round < 3; round += 1) {
      const secret = await this.read();
      if (!secret) {
        const issued = await this.issue(undefined);
        try {
          await this.api.createNamespacedSecret({
            namespace,
            body: {
              apiVersion: 'v1',
              kind: 'Secret',
              metadata: { name, namespace, labels: { 'app.kubernetes.io/managed-by': 'podpreset' } },
              type: 'kubernetes.io/tls',
              data: toData(issued),
            },
          });
          return this.adopt(issued, 'serving certificate created');
        } catch (error) {
          if (httpStatusOf(error) === 409) continue; // another replica created it: read theirs
          throw error;
        }
      }
      const stored = fromSecret(secret);
      const problem = stored
        ? renewalReason(stored, this.options.dnsNames, this.now())
        : 'the Secret holds no usable CA and certificate';
      if (!problem) return this.adopt(stored!, 'serving certificate adopted');
      // Keep the CA when it is usable: every webhook configuration's caBundle already trusts it.
      const issued = await this.issue(stored);
      try {
        await this.api.replaceNamespacedSecret({
          name,
          namespace,
          body: {
            ...secret,
            type: secret.type ?? 'kubernetes.io/tls',
            data: { ...secret.data, ...toData(issued) },
          },
        });
        this.options.logger.info({ secret: this.secretName, reason: problem }, 'serving certificate renewed');
        return this.adopt(issued, 'serving certificate adopted');
      } catch (error) {
        if (httpStatusOf(error) === 409) continue; // another replica renewed it first: read theirs
        throw error;
      }
    }
    throw new Error(`the Secret ${this.secretName} kept changing while being written`);
  }

  private async read(): Promise<V1Secret | undefined> {
    try {
      return await this.api.readNamespacedSecret({
        name: this.options.name,
        namespace: this.options.namespace,
      });
    } catch (error) {
      if (httpStatusOf(error) === 404) return undefined;
      throw error;
    }
  }

  private issue(authority: IssuedCertificates | undefined): Promise<IssuedCertificates> {
    const caUsable = authority && caProblem(authority.ca, authority.caKey, this.now()) === undefined;
    return issueCertificates({
      ...(caUsable ? { caCert: authority.ca, caKey: authority.caKey } : {}),
      dnsNames: this.options.dnsNames,
      validityDays: this.timing.servingValidityDays,
      caValidityDays: this.timing.caValidityDays,
      now: new Date(this.now()),
    });
  }

  private adopt(issued: IssuedCertificates, message: string): ServingCertificate {
    const next = toServing(issued);
    const previous = this.certificate;
    if (previous && previous.cert === next.cert && previous.key === next.key && previous.ca === next.ca)
      return previous;
    this.certificate = next;
    const notAfter = certificateValidity(next.cert).notAfter.toISOString();
    this.options.logger.info({ secret: this.secretName, notAfter, first: previous === undefined }, message);
    if (previous) {
      this.options.metrics.certificateReloads.inc({ result: 'ok' });
      for (const listener of this.listeners) listener(next);
    }
    return next;
  }
}
