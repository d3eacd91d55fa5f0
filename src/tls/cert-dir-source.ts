/**
 * CertDirSource serves a self-signed CA's certificate from a directory (`--cert-dir`): it reuses
 * what an earlier run wrote there when it is still good, so clients that trust `ca.crt` keep
 * working across restarts, and generates what is missing or unusable.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../observability/logger.js';
import { issueCertificates, type IssuedCertificates } from './authority.js';
import { caProblem, servingProblem } from './renewal.js';
import { SERVING_VALIDITY_DAYS, servingNames } from './self-signed.js';
import type { CertificateSource, ServingCertificate } from './source.js';

/** File names in the directory, the same as in a kubernetes.io/tls Secret with its CA. */
export const CERT_DIR_FILES = { caCert: 'ca.crt', caKey: 'ca.key', cert: 'tls.crt', key: 'tls.key' } as const;

export interface CertDirSourceOptions {
  readonly dir: string;
  /** Extra SANs (`--dns-name`); localhost and 127.0.0.1 are always there. */
  readonly dnsNames: readonly string[];
  readonly logger: Logger;
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Written beside and renamed over, so a reader never sees half a PEM. */
async function writeAtomic(path: string, data: string, mode: number): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, data, { mode });
  await rename(temporary, path);
}

export class CertDirSource implements CertificateSource {
  private certificate: ServingCertificate | undefined;
  private started: Promise<ServingCertificate> | undefined;

  constructor(private readonly options: CertDirSourceOptions) {}

  /** The CA certificate file clients should trust. */
  get caFile(): string {
    return join(this.options.dir, CERT_DIR_FILES.caCert);
  }

  /** start reuses or issues the certificates (once; later calls return the same promise). */
  start(): Promise<ServingCertificate> {
    this.started ??= this.load();
    return this.started;
  }

  private async load(): Promise<ServingCertificate> {
    const { dir, dnsNames, logger } = this.options;
    const path = (name: keyof typeof CERT_DIR_FILES): string => join(dir, CERT_DIR_FILES[name]);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const names = servingNames(dnsNames);

    const [caCert, caKey, cert, key] = await Promise.all(
      (['caCert', 'caKey', 'cert', 'key'] as const).map((name) => readOptional(path(name))),
    );
    const now = Date.now();
    const caIssue = caCert && caKey ? caProblem(caCert, caKey, now) : 'no CA yet';
    const stored: IssuedCertificates | undefined =
      caCert && caKey && cert && key ? { ca: caCert, caKey, cert, key } : undefined;
    const servingIssue =
      caIssue ?? (stored ? servingProblem(stored, names, now) : 'no serving certificate yet');

    let issued: IssuedCertificates;
    if (stored && !servingIssue) {
      issued = stored;
      logger.info({ dir, names }, 'reusing the certificates in the certificate directory');
    } else {
      // A usable CA is kept, so clients that already trust ca.crt keep working.
      logger.info(
        { dir, names, reason: servingIssue, newCa: caIssue !== undefined },
        'issuing a serving certificate',
      );
      issued = await issueCertificates({
        ...(caIssue === undefined && caCert && caKey ? { caCert, caKey } : {}),
        dnsNames: names,
        validityDays: SERVING_VALIDITY_DAYS,
      });
      if (caIssue !== undefined) {
        await writeAtomic(path('caKey'), issued.caKey, 0o600);
        await writeAtomic(path('caCert'), issued.ca, 0o644);
      }
      await writeAtomic(path('key'), issued.key, 0o600);
      await writeAtomic(path('cert'), issued.cert, 0o644);
    }
    this.certificate = { cert: issued.cert, key: issued.key, ca: issued.ca };
    return this.certificate;
  }

  current(): ServingCertificate {
    if (!this.certificate) throw new Error('CertDirSource.current() called before start()');
    return this.certificate;
  }

  /** The files are written once at start; nothing changes them behind the server's back. */
  onChange(): void {}

  async stop(): Promise<void> {}
}
