/**
 * A small certificate authority: a self-signed CA and serving certificates it signs, ECDSA P-256
 * with SHA-256 (docs/SPEC.md §4). Cluster mode keeps the result in a Secret shared by replicas; the
 * self-signed --cert-dir mode can use the same function.
 *
 * Built on `selfsigned` 5 (already a dependency; it wraps @peculiar/x509 over WebCrypto, supports
 * EC keys and signing by a given CA), so no X.509 code is written here. Every result is checked with
 * node:crypto's X509Certificate before it is returned: a CA that did not sign the leaf is a bug.
 */
import { X509Certificate, createPrivateKey, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { generate } from 'selfsigned';

export interface IssueOptions {
  /** PEM of an existing CA and its key: the serving certificate is signed by it. Absent: a new CA. */
  readonly caCert?: string;
  readonly caKey?: string;
  /** Subject alternative names of the serving certificate; IP addresses become IP SANs. */
  readonly dnsNames: readonly string[];
  /** Lifetime of the serving certificate. */
  readonly validityDays: number;
  /** Lifetime of a new CA (ignored when `caCert` is given); default 5 years. */
  readonly caValidityDays?: number;
  /** Clock, for tests; default now. */
  readonly now?: Date;
}

export interface IssuedCertificates {
  /** PEM: the CA certificate (what clients trust; the webhook configurations' caBundle). */
  readonly ca: string;
  /** PEM: the CA private key. Never logged. */
  readonly caKey: string;
  /** PEM: the serving certificate, signed by the CA. */
  readonly cert: string;
  /** PEM: the serving certificate's private key. Never logged. */
  readonly key: string;
}

const DAY_MS = 86_400_000;
export const DEFAULT_CA_VALIDITY_DAYS = 5 * 365;

/** Backdated by a minute so a peer whose clock runs slightly behind still accepts a fresh certificate. */
export const CLOCK_SKEW_MS = 60_000;

const uniqueSuffix = (): string => randomBytes(4).toString('hex');

/**
 * issueCertificates creates a serving certificate for `dnsNames` signed by the given CA, or by a
 * new CA when none is given, and returns all four PEMs.
 */
export async function issueCertificates(options: IssueOptions): Promise<IssuedCertificates> {
  if (options.dnsNames.length === 0) throw new Error('a serving certificate needs at least one DNS name');
  if ((options.caCert === undefined) !== (options.caKey === undefined)) {
    throw new Error('a CA certificate and its key go together');
  }
  const now = options.now ?? new Date();
  const notBeforeDate = new Date(now.getTime() - CLOCK_SKEW_MS);
  const ca =
    options.caCert !== undefined && options.caKey !== undefined
      ? { cert: options.caCert, key: options.caKey }
      : await newAuthority(notBeforeDate, options.caValidityDays ?? DEFAULT_CA_VALIDITY_DAYS);

  const leaf = await generate([{ name: 'commonName', value: options.dnsNames[0]! }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(now.getTime() + options.validityDays * DAY_MS),
    ca,
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: options.dnsNames.map((name) =>
          isIP(name) ? { type: 7, ip: name } : { type: 2, value: name },
        ),
      },
    ],
  });
  const issued = { ca: ca.cert, caKey: ca.key, cert: leaf.cert, key: leaf.private };
  checkIssued(issued);
  return issued;
}

async function newAuthority(
  notBeforeDate: Date,
  validityDays: number,
): Promise<{ cert: string; key: string }> {
  const generated = await generate([{ name: 'commonName', value: `podpreset-ca-${uniqueSuffix()}` }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + CLOCK_SKEW_MS + validityDays * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  return { cert: generated.cert, key: generated.private };
}

/** checkIssued verifies the serving certificate is signed by the CA and matches its key. */
export function checkIssued(issued: IssuedCertificates): void {
  const ca = new X509Certificate(issued.ca);
  const leaf = new X509Certificate(issued.cert);
  if (!leaf.checkIssued(ca) || !leaf.verify(ca.publicKey)) {
    throw new Error('the serving certificate is not signed by the CA');
  }
  if (!leaf.checkPrivateKey(createPrivateKey(issued.key))) {
    throw new Error('the serving certificate does not match its key');
  }
  if (!ca.checkPrivateKey(createPrivateKey(issued.caKey))) throw new Error('the CA does not match its key');
}

/** certificateValidity reads the validity window of a PEM certificate. */
export function certificateValidity(pem: string): { notBefore: Date; notAfter: Date } {
  const certificate = new X509Certificate(pem);
  return { notBefore: new Date(certificate.validFrom), notAfter: new Date(certificate.validTo) };
}
