/**
 * Self-signed serving certificates for `--cert-dir` (PRODUCT §4: ECDSA P-256, SANs for
 * localhost, 127.0.0.1 and the given DNS names). Issuing is authority.ts's (shared with cluster
 * mode's Secret); this file decides which names a local certificate carries and whether what an
 * earlier run wrote can be served again.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { checkIssued, type IssuedCertificates } from './authority.js';

/** Names every local serving certificate carries, so `https://localhost:8443` and `https://127.0.0.1:8443` both verify. */
export const LOCAL_NAMES: readonly string[] = ['localhost', '127.0.0.1'];

export const SERVING_VALIDITY_DAYS = 365;
/** A certificate (or CA) closer than this to its end is replaced at start rather than reused. */
export const RENEW_BEFORE_MS = 30 * 24 * 60 * 60 * 1000;

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** servingNames returns the SANs for a local serving certificate: LOCAL_NAMES, then `dnsNames`, without repeats. */
export function servingNames(dnsNames: readonly string[]): string[] {
  return [...new Set([...LOCAL_NAMES, ...dnsNames])];
}

/** sanNames lists a certificate's DNS and IP SANs. */
export function sanNames(certificate: X509Certificate): string[] {
  return (certificate.subjectAltName ?? '')
    .split(', ')
    .map((entry) => entry.replace(/^(DNS|IP Address):/, ''))
    .filter((entry) => entry !== '');
}

/** caProblem says why a stored CA cannot sign serving certificates any more, or returns undefined. */
export function caProblem(caCert: string, caKey: string, now = Date.now()): string | undefined {
  try {
    const ca = new X509Certificate(caCert);
    if (!ca.ca) return 'not a CA certificate';
    if (!ca.checkPrivateKey(createPrivateKey(caKey))) return 'CA key does not match its certificate';
    if (Date.parse(ca.validTo) - now < RENEW_BEFORE_MS) return 'CA certificate expires soon';
    return undefined;
  } catch (error) {
    return describe(error);
  }
}

/**
 * servingProblem says why a stored set should not be served for `names` (not issued by its CA,
 * key not its own, a name missing, expiring soon), or returns undefined when it can be reused.
 */
export function servingProblem(
  issued: IssuedCertificates,
  names: readonly string[],
  now = Date.now(),
): string | undefined {
  try {
    checkIssued(issued);
    const cert = new X509Certificate(issued.cert);
    if (Date.parse(cert.validTo) - now < RENEW_BEFORE_MS) return 'certificate expires soon';
    const present = new Set(sanNames(cert));
    const missing = names.filter((name) => !present.has(name));
    return missing.length > 0 ? `certificate lacks ${missing.join(', ')}` : undefined;
  } catch (error) {
    return describe(error);
  }
}
