/**
 * FileCertificateSource serves `--tls-cert`/`--tls-key` and follows them when they change
 * (cert-manager renewal). It polls and compares bytes rather than using fs.watch: a mounted
 * Secret is updated by swapping a `..data` symlink, which inotify on the file itself never sees.
 * A pair that does not load (half-written, key of another certificate) is not swapped in: the
 * server keeps the last good one and the next poll tries again.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createSecureContext } from 'node:tls';
import type { Logger } from '../observability/logger.js';
import type { CertificateMetrics } from '../observability/metrics.js';
import type { CertificateSource, ServingCertificate } from './source.js';

export interface FileCertificateSourceOptions {
  readonly certFile: string;
  readonly keyFile: string;
  readonly logger: Logger;
  readonly metrics: CertificateMetrics;
  /** How often the files are compared with what is served; rotation is not urgent. */
  readonly intervalMs?: number;
}

export const DEFAULT_CERT_POLL_MS = 1000;

/**
 * Why the pair does not load, naming the file at fault and never its contents; OpenSSL's own
 * words ("PEM routines::no start line") name neither.
 */
export class CertificatePairError extends Error {
  override readonly name = 'CertificatePairError';
}

/** readPem reads one file of the pair, or says which one could not be read. */
async function readPem(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code;
    throw new CertificatePairError(`cannot read ${file}: ${reason ?? String(error)}`);
  }
}

/**
 * checkPair throws unless `cert` holds a certificate and `key` is its key. createSecureContext
 * alone accepts an empty certificate, which is what a poll sees while a file is being rewritten.
 */
function checkPair(cert: string, key: string, files: { certFile: string; keyFile: string }): void {
  try {
    new X509Certificate(cert);
  } catch {
    throw new CertificatePairError(`${files.certFile} holds no PEM certificate`);
  }
  try {
    createPrivateKey(key);
  } catch {
    throw new CertificatePairError(`${files.keyFile} holds no PEM private key`);
  }
  try {
    createSecureContext({ cert, key });
  } catch {
    throw new CertificatePairError(
      `${files.keyFile} is not the private key of the certificate in ${files.certFile}`,
    );
  }
}

export class FileCertificateSource implements CertificateSource {
  private certificate: ServingCertificate | undefined;
  private readonly listeners: ((certificate: ServingCertificate) => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private started: Promise<ServingCertificate> | undefined;
  /** The last pair that failed to load: reported once, not at every poll. */
  private rejected: ServingCertificate | undefined;

  constructor(private readonly options: FileCertificateSourceOptions) {}

  /**
   * start reads and checks the pair (once; later calls return the same promise); a bad pair is a
   * startup failure, a CertificatePairError that says which file is wrong.
   */
  start(): Promise<ServingCertificate> {
    this.started ??= (async () => {
      this.certificate = await this.read();
      const interval = this.options.intervalMs ?? DEFAULT_CERT_POLL_MS;
      this.timer = setInterval(() => void this.poll(), interval);
      this.timer.unref();
      return this.certificate;
    })();
    return this.started;
  }

  current(): ServingCertificate {
    if (!this.certificate) throw new Error('FileCertificateSource.current() called before start()');
    return this.certificate;
  }

  onChange(listener: (certificate: ServingCertificate) => void): void {
    this.listeners.push(listener);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async read(): Promise<ServingCertificate> {
    const [cert, key] = await Promise.all([readPem(this.options.certFile), readPem(this.options.keyFile)]);
    checkPair(cert, key, this.options);
    return { cert, key };
  }

  /** The poller's one catch: a failed reload is a warning and a metric, never a crash. */
  private async poll(): Promise<void> {
    if (this.polling || !this.timer) return;
    this.polling = true;
    const { logger, metrics, certFile, keyFile } = this.options;
    try {
      const [cert, key] = await Promise.all([readPem(certFile), readPem(keyFile)]);
      const served = this.certificate;
      if (served && served.cert === cert && served.key === key) return;
      if (this.rejected && this.rejected.cert === cert && this.rejected.key === key) return;
      this.rejected = { cert, key };
      checkPair(cert, key, this.options);
      this.rejected = undefined;
      this.certificate = { cert, key };
      for (const listener of this.listeners) listener(this.certificate);
      metrics.certificateReloads.inc({ result: 'ok' });
      logger.info({ certFile, keyFile }, 'serving certificate reloaded');
    } catch (error) {
      metrics.certificateReloads.inc({ result: 'error' });
      logger.warn(
        { certFile, keyFile, err: error instanceof Error ? error.message : String(error) },
        'serving certificate not reloaded: keeping the current one',
      );
    } finally {
      this.polling = false;
    }
  }
}
