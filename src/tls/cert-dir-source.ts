/**
 * CertDirSource serves a self-signed CA's certificate from a directory (`--cert-dir`): it reuses
 * what an earlier run wrote there when it is still good, so clients that trust `ca.crt` keep
 * working across restarts, and generates what is missing or unusable.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../logger.js';
import {
  caProblem,
  generateCertificateAuthority,
  generateServingCertificate,
  servingNames,
  servingProblem,
  type CertificateAuthority,
  type ServingPair,
} from './self-signed.js';
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

  constructor(private readonly options: CertDirSourceOptions) {}

  /** The CA certificate file clients should trust. */
  get caFile(): string {
    return join(this.options.dir, CERT_DIR_FILES.caCert);
  }

  async start(): Promise<ServingCertificate> {
    const { dir, dnsNames, logger } = this.options;
    const path = (name: keyof typeof CERT_DIR_FILES): string => join(dir, CERT_DIR_FILES[name]);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const names = servingNames(dnsNames);

    const [caCert, caKey, cert, key] = await Promise.all(
      (['caCert', 'caKey', 'cert', 'key'] as const).map((name) => readOptional(path(name))),
    );
    let ca: CertificateAuthority | undefined = caCert && caKey ? { cert: caCert, key: caKey } : undefined;
    const caIssue = ca ? caProblem(ca) : 'no CA yet';
    if (!ca || caIssue) {
      logger.info({ dir, reason: caIssue }, 'generating a self-signed CA');
      ca = await generateCertificateAuthority();
      await writeAtomic(path('caKey'), ca.key, 0o600);
      await writeAtomic(path('caCert'), ca.cert, 0o644);
    }
    let pair: ServingPair | undefined = cert && key && !caIssue ? { cert, key } : undefined;
    const pairIssue = pair ? servingProblem(ca, pair, names) : 'no serving certificate yet';
    if (!pair || pairIssue) {
      logger.info({ dir, names, reason: pairIssue }, 'generating a serving certificate');
      pair = await generateServingCertificate(ca, names);
      await writeAtomic(path('key'), pair.key, 0o600);
      await writeAtomic(path('cert'), pair.cert, 0o644);
    } else {
      logger.info({ dir, names }, 'reusing the serving certificate in the certificate directory');
    }
    this.certificate = { cert: pair.cert, key: pair.key, ca: ca.cert };
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
