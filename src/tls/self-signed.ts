/**
 * A self-signed CA and a serving certificate it signs, for local use and for clusters without
 * cert-manager (PRODUCT §4: ECDSA P-256, SANs for localhost, 127.0.0.1 and the given DNS names).
 * `selfsigned` v5 generates EC keys and signs with a given CA (it wraps @peculiar/x509 and
 * WebCrypto), so no second X.509 library is needed.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { isIP } from 'node:net';
import type { generate as generateWith } from 'selfsigned';

/** selfsigned (with @peculiar/x509 and pkijs, ~15 MiB of RSS) is loaded only when a certificate is generated. */
const generate: typeof generateWith = async (...args) => (await import('selfsigned')).generate(...args);

export interface CertificateAuthority {
  /** PEM certificate of the CA: what clients trust (`ca.crt`, the webhook's caBundle). */
  readonly cert: string;
  /** PEM PKCS#8 private key of the CA. */
  readonly key: string;
}

export interface ServingPair {
  readonly cert: string;
  readonly key: string;
}

/** Names every serving certificate carries, so `https://localhost:8443` and `https://127.0.0.1:8443` both verify. */
export const LOCAL_NAMES: readonly string[] = ['localhost', '127.0.0.1'];

const DAY_MS = 24 * 60 * 60 * 1000;
// A local CA outlives many serving certificates, so clients keep trusting the same ca.crt.
const CA_VALIDITY_DAYS = 5 * 365;
const SERVING_VALIDITY_DAYS = 365;
/** A serving certificate closer than this to its end is replaced at start rather than reused. */
export const RENEW_BEFORE_MS = 30 * DAY_MS;

const EC = { keyType: 'ec', curve: 'P-256', algorithm: 'sha256' } as const;

function validity(days: number): { notBeforeDate: Date; notAfterDate: Date } {
  // Backdated a little: a client whose clock runs behind must not see a certificate from the future.
  const notBeforeDate = new Date(Date.now() - 60 * 60 * 1000);
  return { notBeforeDate, notAfterDate: new Date(notBeforeDate.getTime() + days * DAY_MS) };
}

/** generateCertificateAuthority creates a CA (ECDSA P-256, SHA-256) that may only sign certificates. */
export async function generateCertificateAuthority(): Promise<CertificateAuthority> {
  const pems = await generate([{ name: 'commonName', value: 'podpreset local CA' }], {
    ...EC,
    ...validity(CA_VALIDITY_DAYS),
    extensions: [
      { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

/** servingNames returns the SANs for a serving certificate: LOCAL_NAMES, then `dnsNames`, without repeats. */
export function servingNames(dnsNames: readonly string[]): string[] {
  return [...new Set([...LOCAL_NAMES, ...dnsNames])];
}

/** generateServingCertificate creates an ECDSA P-256 server certificate for `names`, signed by `ca`. */
export async function generateServingCertificate(
  ca: CertificateAuthority,
  names: readonly string[],
): Promise<ServingPair> {
  const altNames = names.map((name) =>
    isIP(name) ? ({ type: 7, ip: name } as const) : ({ type: 2, value: name } as const),
  );
  const pems = await generate([{ name: 'commonName', value: names[0] ?? 'localhost' }], {
    ...EC,
    ...validity(SERVING_VALIDITY_DAYS),
    ca,
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

/** sanNames lists a certificate's DNS and IP SANs. */
export function sanNames(certificate: X509Certificate): string[] {
  return (certificate.subjectAltName ?? '')
    .split(', ')
    .map((entry) => entry.replace(/^(DNS|IP Address):/, ''))
    .filter((entry) => entry !== '');
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** caProblem says why `ca` cannot sign serving certificates any more, or returns undefined. */
export function caProblem(ca: CertificateAuthority, now = Date.now()): string | undefined {
  try {
    const caCert = new X509Certificate(ca.cert);
    if (!caCert.ca) return 'not a CA certificate';
    if (!caCert.checkPrivateKey(createPrivateKey(ca.key))) return 'CA key does not match its certificate';
    if (Date.parse(caCert.validTo) - now < RENEW_BEFORE_MS) return 'CA certificate expires soon';
    return undefined;
  } catch (error) {
    return describe(error);
  }
}

/**
 * servingProblem says why `pair` should not be served for `names` (not issued by `ca`, key not
 * its own, a name missing, expiring soon), or returns undefined when it can be reused.
 */
export function servingProblem(
  ca: CertificateAuthority,
  pair: ServingPair,
  names: readonly string[],
  now = Date.now(),
): string | undefined {
  try {
    const caCert = new X509Certificate(ca.cert);
    const cert = new X509Certificate(pair.cert);
    if (!cert.checkIssued(caCert) || !cert.verify(caCert.publicKey)) return 'not issued by the CA';
    if (!cert.checkPrivateKey(createPrivateKey(pair.key))) return 'key does not match the certificate';
    if (Date.parse(cert.validTo) - now < RENEW_BEFORE_MS) return 'certificate expires soon';
    const present = new Set(sanNames(cert));
    const missing = names.filter((name) => !present.has(name));
    return missing.length > 0 ? `certificate lacks ${missing.join(', ')}` : undefined;
  } catch (error) {
    return describe(error);
  }
}
