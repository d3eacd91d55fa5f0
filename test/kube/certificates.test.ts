import { X509Certificate } from 'node:crypto';
import { createServer } from 'node:https';
import { connect } from 'node:tls';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startClusterMode, type ClusterMode } from '../../src/kube/cluster-mode.js';
import { SecretCertificateSource, type CertificateTiming } from '../../src/kube/secret-certificates.js';
import type { ServingCertificate } from '../../src/tls/source.js';
import {
  apply,
  get,
  KubeApiDouble,
  kubeConfigFor,
  list,
  writeKubeconfig,
} from '../helpers/kube-api-double.js';
import { metricValue, testMetrics } from '../helpers/cluster-fixtures.js';
import { captureLog } from '../helpers/log-capture.js';

const SECRET = { namespace: 'podpreset-system', name: 'podpreset-webhook-tls' };
const DNS_NAMES = ['localhost', 'podpreset-webhook.podpreset-system.svc'];
const FAST: Partial<CertificateTiming> = { pollMs: 50, retryInitialMs: 20, retryMaxMs: 100 };

/** handshake opens a TLS connection to a server presenting `served`, trusting only `ca`, for `host`. */
async function handshake(served: ServingCertificate, ca: string, host: string): Promise<void> {
  const server = createServer({ cert: served.cert, key: served.key });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    await new Promise<void>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, servername: host, ca }, () => {
        socket.end();
        resolve();
      });
      socket.on('error', reject);
    });
  } finally {
    server.close();
  }
}

const webhookConfiguration = (
  kind: string,
  webhooks: string[],
): Record<string, unknown> & { metadata: { name: string } } => ({
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind,
  metadata: { name: 'podpreset' },
  webhooks: webhooks.map((name) => ({
    name,
    clientConfig: { service: { namespace: 'podpreset-system', name: 'podpreset-webhook', path: '/mutate' } },
    admissionReviewVersions: ['v1'],
    sideEffects: 'NoneOnDryRun',
  })),
});

describe('SecretCertificateSource', () => {
  let double: KubeApiDouble;
  const sources: SecretCertificateSource[] = [];

  beforeEach(async () => {
    double = await KubeApiDouble.start();
  });
  afterEach(async () => {
    await Promise.all(sources.splice(0).map((s) => s.stop()));
    await double.close();
  });

  const newSource = (
    timing: Partial<CertificateTiming> = {},
    metrics = testMetrics(),
  ): SecretCertificateSource => {
    const source = new SecretCertificateSource({
      kubeConfig: kubeConfigFor(double),
      ...SECRET,
      dnsNames: DNS_NAMES,
      logger: captureLog('debug').logger,
      metrics,
      timing: { ...FAST, ...timing },
    });
    sources.push(source);
    return source;
  };

  it('has two replicas starting together agree on one CA and certificate, created once', async () => {
    const [a, b] = [newSource(), newSource()];
    const [first, second] = await Promise.all([a.start(), b.start()]);
    expect(second).toEqual(first);
    expect(double.requestsTo('POST', 'secrets')).toHaveLength(2); // both tried; one got 409 AlreadyExists
    expect(list(double, 'Secret', SECRET.namespace)).toHaveLength(1);
    const secret = get(double, 'Secret', SECRET.name, SECRET.namespace)!;
    expect(secret['type']).toBe('kubernetes.io/tls');
    const data = secret['data'] as Record<string, string>;
    expect(Buffer.from(data['ca.crt']!, 'base64').toString()).toBe(first.ca);
    expect(Buffer.from(data['tls.crt']!, 'base64').toString()).toBe(first.cert);

    const certificate = new X509Certificate(first.cert);
    expect(certificate.checkIssued(new X509Certificate(first.ca!))).toBe(true);
    expect(certificate.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    await handshake(first, first.ca!, 'podpreset-webhook.podpreset-system.svc');
  });

  it('renews the serving certificate with the same CA before it expires, and every replica picks it up', async () => {
    // Three seconds of validity: renewal is due after two.
    const timing = { servingValidityDays: 3 / 86_400 };
    const [a, b] = [newSource(timing), newSource(timing)];
    const first = await a.start();
    expect(await b.start()).toEqual(first);
    const changes: ServingCertificate[] = [];
    b.onChange((c) => changes.push(c));
    await vi.waitFor(() => expect(changes.length).toBeGreaterThan(0), { timeout: 8000 });
    expect(changes[0]!.ca).toBe(first.ca);
    expect(changes[0]!.cert).not.toBe(first.cert);
    await vi.waitFor(() => expect(a.current().cert).toBe(b.current().cert), { timeout: 3000 });
    await handshake(b.current(), first.ca!, 'localhost');
  });

  it('replaces a Secret that holds no usable certificate', async () => {
    apply(double, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { ...SECRET },
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': '', 'tls.key': '' },
    });
    const served = await newSource().start();
    const data = get(double, 'Secret', SECRET.name, SECRET.namespace)!['data'] as Record<string, string>;
    expect(Buffer.from(data['tls.crt']!, 'base64').toString()).toBe(served.cert);
    expect(double.requestsTo('PUT', 'secrets')).toHaveLength(1);
  });

  it('follows a Secret changed by someone else, and counts the reload', async () => {
    const metrics = testMetrics();
    const source = newSource({}, metrics);
    const first = await source.start();
    // Another replica (or an operator) empties the Secret: this one issues anew and follows.
    apply(double, { apiVersion: 'v1', kind: 'Secret', metadata: { ...SECRET }, data: {} });
    await vi.waitFor(async () =>
      expect(await metricValue(metrics, 'podpreset_certificate_reloads_total', { result: 'ok' })).toBe(1),
    );
    expect(source.current().cert).not.toBe(first.cert);
  });

  it('waits for the API server when it is down at start', async () => {
    await double.down();
    const source = newSource();
    const started = source.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await double.listen();
    const served = await started;
    expect(served.ca).toBeDefined();
  });
});

describe('cluster mode certificates and caBundle', () => {
  let double: KubeApiDouble;
  const modes: ClusterMode[] = [];

  beforeEach(async () => {
    double = await KubeApiDouble.start();
  });
  afterEach(async () => {
    await Promise.all(modes.splice(0).map((m) => m.stop()));
    await double.close();
  });

  const start = async (identity: string): Promise<ClusterMode> => {
    const metrics = testMetrics();
    const mode = await startClusterMode({
      kubeconfig: writeKubeconfig(double, identity),
      certSecret: SECRET,
      webhookConfigs: ['podpreset'],
      dnsNames: DNS_NAMES,
      identity,
      logger: captureLog('debug').logger,
      metrics,
      timing: { restartInitialMs: 20, restartMaxMs: 100, secretPollMs: 50, caBundleIntervalMs: 50 },
    });
    modes.push(mode);
    return mode;
  };
  const caBundles = (kind: string): unknown[] =>
    (
      (get(double, kind, 'podpreset')?.['webhooks'] ?? []) as Array<{ clientConfig: { caBundle?: string } }>
    ).map((w) => w.clientConfig.caBundle);

  it('serves one CA from two replicas and keeps every webhook caBundle equal to it, restoring an overwritten one', async () => {
    apply(
      double,
      webhookConfiguration('MutatingWebhookConfiguration', ['pods.podpreset.dev', 'other.podpreset.dev']),
    );
    apply(double, webhookConfiguration('ValidatingWebhookConfiguration', ['presets.podpreset.dev']));
    const [a, b] = await Promise.all([start('replica-a'), start('replica-b')]);
    const [ca, cb] = await Promise.all([a.certificates!.start(), b.certificates!.start()]);
    expect(cb.ca).toBe(ca.ca);
    const bundle = Buffer.from(ca.ca!).toString('base64');
    await vi.waitFor(() => {
      expect(caBundles('MutatingWebhookConfiguration')).toEqual([bundle, bundle]);
      expect(caBundles('ValidatingWebhookConfiguration')).toEqual([bundle]);
    });
    expect(
      double
        .requestsTo('PATCH', 'mutatingwebhookconfigurations')
        .every((r) => r.contentType === 'application/json-patch+json'),
    ).toBe(true);

    // `kubectl apply` of the manifests empties it again.
    apply(
      double,
      webhookConfiguration('MutatingWebhookConfiguration', ['pods.podpreset.dev', 'other.podpreset.dev']),
    );
    expect(caBundles('MutatingWebhookConfiguration')).toEqual([undefined, undefined]);
    await vi.waitFor(() => expect(caBundles('MutatingWebhookConfiguration')).toEqual([bundle, bundle]));
  });

  it('skips a webhook configuration name that exists only as one kind', async () => {
    apply(double, webhookConfiguration('MutatingWebhookConfiguration', ['pods.podpreset.dev']));
    const mode = await start('replica-a');
    const served = await mode.certificates!.start();
    await vi.waitFor(() =>
      expect(caBundles('MutatingWebhookConfiguration')).toEqual([Buffer.from(served.ca!).toString('base64')]),
    );
    expect(double.requestsTo('PATCH', 'validatingwebhookconfigurations')).toHaveLength(0);
  });
});
