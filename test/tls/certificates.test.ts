/**
 * TLS over real handshakes: the self-signed CA in --cert-dir verifies the served certificate
 * (ECDSA P-256, the right SANs) and is reused on restart; --tls-cert/--tls-key files are
 * reloaded, so a new connection sees a rotated certificate with no restart.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMetrics } from '../../src/observability/metrics.js';
import { CertDirSource } from '../../src/tls/cert-dir-source.js';
import { CertificatePairError, FileCertificateSource } from '../../src/tls/file-source.js';
import { issueCertificates } from '../../src/tls/authority.js';
import { sanNames } from '../../src/tls/renewal.js';
import { LOCAL_NAMES } from '../../src/tls/self-signed.js';
import { send } from '../helpers/https-client.js';
import { captureLog } from '../helpers/log-capture.js';
import { startTestServer } from '../helpers/test-server.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'podpreset-tls-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const fingerprintOf = (pem: string): string => new X509Certificate(pem).fingerprint256;

describe('self-signed certificates in --cert-dir', () => {
  it('ca.crt verifies the served ECDSA P-256 certificate for localhost, 127.0.0.1 and --dns-name values', async () => {
    const log = captureLog();
    const source = new CertDirSource({
      dir,
      dnsNames: ['podpreset-webhook.podpreset-system.svc'],
      logger: log.logger,
    });
    const served = await source.start();
    const ca = await readFile(join(dir, 'ca.crt'), 'utf8');
    expect(source.caFile).toBe(join(dir, 'ca.crt'));

    const cert = new X509Certificate(served.cert);
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(new X509Certificate(ca).publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(cert.ca).toBe(false);
    expect(sanNames(cert)).toEqual(['localhost', '127.0.0.1', 'podpreset-webhook.podpreset-system.svc']);
    expect((await stat(join(dir, 'tls.key'))).mode & 0o077).toBe(0);
    expect((await stat(join(dir, 'ca.key'))).mode & 0o077).toBe(0);

    const server = await startTestServer({ certificates: source, ca });
    try {
      for (const host of ['127.0.0.1', 'localhost']) {
        const answer = await send({ ...server, host }, { path: '/healthz' });
        expect(answer.status).toBe(200);
        expect(answer.fingerprint).toBe(cert.fingerprint256);
      }
      const stranger = await issueCertificates({ dnsNames: LOCAL_NAMES, validityDays: 1 });
      await expect(send({ ...server, ca: stranger.ca }, { path: '/healthz' })).rejects.toThrow(
        /self-signed|unable to verify|certificate/i,
      );
    } finally {
      await server.close();
    }
  });

  it('a restart reuses the files; a new --dns-name gets a new certificate from the same CA', async () => {
    const logger = captureLog().logger;
    const first = await new CertDirSource({ dir, dnsNames: [], logger }).start();
    const again = await new CertDirSource({ dir, dnsNames: [], logger }).start();
    expect(again.cert).toBe(first.cert);
    const widened = await new CertDirSource({ dir, dnsNames: ['extra.example'], logger }).start();
    expect(widened.cert).not.toBe(first.cert);
    expect(widened.ca).toBe(first.ca);
    expect(sanNames(new X509Certificate(widened.cert))).toContain('extra.example');
  });

  it('a broken CA file is replaced rather than served', async () => {
    const logger = captureLog().logger;
    await new CertDirSource({ dir, dnsNames: [], logger }).start();
    await writeFile(join(dir, 'ca.key'), 'not a key');
    const fresh = await new CertDirSource({ dir, dnsNames: [], logger }).start();
    const ca = new X509Certificate(await readFile(join(dir, 'ca.crt'), 'utf8'));
    expect(new X509Certificate(fresh.cert).checkIssued(ca)).toBe(true);
    expect(new X509Certificate(fresh.cert).verify(ca.publicKey)).toBe(true);
  });
});

/** twoServingPairs issues two serving certificates for LOCAL_NAMES from one new CA. */
async function twoServingPairs() {
  const a = await issueCertificates({ dnsNames: LOCAL_NAMES, validityDays: 1 });
  const b = await issueCertificates({ caCert: a.ca, caKey: a.caKey, dnsNames: LOCAL_NAMES, validityDays: 1 });
  return { a, b };
}

/** watchedFiles writes `pair` as tls.crt/tls.key and starts a source polling them every 25 ms. */
async function watchedFiles(pair: { cert: string; key: string }) {
  const certFile = join(dir, 'tls.crt');
  const keyFile = join(dir, 'tls.key');
  await writeFile(certFile, pair.cert);
  await writeFile(keyFile, pair.key);
  const log = captureLog();
  const metrics = createMetrics({ defaultMetrics: false });
  const source = new FileCertificateSource({
    certFile,
    keyFile,
    logger: log.logger,
    metrics,
    intervalMs: 25,
  });
  await source.start();
  return { certFile, keyFile, log, metrics, source };
}

describe('--tls-cert/--tls-key files', () => {
  it('are reloaded: a new connection sees the rotated certificate, no restart', async () => {
    const { a, b } = await twoServingPairs();
    const { certFile, keyFile, log, metrics, source } = await watchedFiles(a);
    const server = await startTestServer({ certificates: source, ca: a.ca });
    try {
      expect((await send(server, { path: '/healthz' })).fingerprint).toBe(fingerprintOf(a.cert));

      // A half-done rotation (new certificate, old key) is not swapped in.
      await writeFile(certFile, b.cert);
      await vi.waitFor(
        () =>
          expect(
            log.lines().some((l) => l['msg']?.toString().startsWith('serving certificate not reloaded')),
          ).toBe(true),
        {
          timeout: 2000,
          interval: 25,
        },
      );
      expect((await send(server, { path: '/healthz' })).fingerprint).toBe(fingerprintOf(a.cert));

      await writeFile(keyFile, b.key);
      await vi.waitFor(
        async () =>
          expect((await send(server, { path: '/healthz' })).fingerprint).toBe(fingerprintOf(b.cert)),
        { timeout: 2000, interval: 25 },
      );
      const reloads = await metrics.registry.getSingleMetricAsString('podpreset_certificate_reloads_total');
      expect(reloads).toMatch(/result="ok"\} 1/);
      expect(reloads).toMatch(/result="error"\} [1-9]/); // a read mid-write may fail more than once
    } finally {
      await server.close();
      await source.stop();
    }
  });

  it('an emptied certificate file, as a rewrite leaves it for a moment, is not swapped in', async () => {
    const { a } = await twoServingPairs();
    const { certFile, log, metrics, source } = await watchedFiles(a);
    try {
      await writeFile(certFile, '');
      await vi.waitFor(
        () =>
          expect(
            log.lines().some((l) => l['msg']?.toString().startsWith('serving certificate not reloaded')),
          ).toBe(true),
        { timeout: 2000, interval: 25 },
      );
      expect(source.current().cert).toBe(a.cert);
      const reloads = await metrics.registry.getSingleMetricAsString('podpreset_certificate_reloads_total');
      expect(reloads).not.toMatch(/result="ok"\} [1-9]/);
    } finally {
      await source.stop();
    }
  });

  it.each([
    {
      case: 'a missing certificate file',
      cert: undefined,
      key: 'a',
      message: /^cannot read .*tls\.crt: no such file$/,
    },
    {
      case: 'a key where the certificate goes',
      cert: 'a-key',
      key: 'a',
      message: /tls\.crt holds no PEM certificate$/,
    },
    {
      case: 'a certificate where the key goes',
      cert: 'a',
      key: 'a-cert',
      message: /tls\.key holds no PEM private key$/,
    },
    {
      case: "another certificate's key",
      cert: 'a',
      key: 'b',
      message: /tls\.key is not the private key of the certificate in .*tls\.crt$/,
    },
  ] as const)(
    '$case fails at start, naming the file and not its contents',
    async ({ cert, key, message }) => {
      const { a, b } = await twoServingPairs();
      const pem = { a: a.cert, 'a-key': a.key, 'a-cert': a.cert };
      if (cert !== undefined) await writeFile(join(dir, 'tls.crt'), pem[cert]);
      await writeFile(join(dir, 'tls.key'), key === 'b' ? b.key : key === 'a' ? a.key : pem[key]);
      const source = new FileCertificateSource({
        certFile: join(dir, 'tls.crt'),
        keyFile: join(dir, 'tls.key'),
        logger: captureLog().logger,
        metrics: createMetrics({ defaultMetrics: false }),
      });
      const error = await source.start().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CertificatePairError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('BEGIN');
    },
  );
});
