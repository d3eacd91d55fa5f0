/**
 * The one renewal policy for the certificates podpreset issues itself, in `--cert-dir` (checked at
 * start) and in the `--cert-secret` Secret (checked on every poll). Pure: the caller passes the time.
 *
 * A serving certificate is replaced when a third of its lifetime is left (cert-manager's default),
 * when a requested name is missing, or when it does not belong to its CA and key. The CA is kept as
 * long as it can: clients and the webhook configurations' caBundle trust it, so replacing it is a
 * visible event. It is replaced only when it is unusable or within CA_RENEW_BEFORE_MS of its end,
 * before a serving certificate it signs would stop verifying.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { isIP } from 'node:net';
import { CLOCK_SKEW_MS, checkIssued, type IssuedCertificates } from './authority.js';

export const CA_RENEW_BEFORE_MS = 30 * 24 * 60 * 60 * 1000;

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** sanNames lists a certificate's DNS and IP SANs. */
export function sanNames(certificate: X509Certificate): string[] {
  return (certificate.subjectAltName ?? '')
    .split(', ')
    .map((entry) => entry.replace(/^(DNS|IP Address):/, ''))
    .filter((entry) => entry !== '');
}

/** covers is true when a client asking for `name` accepts the certificate (a SAN as given, or as TLS matches it). */
function covers(certificate: X509Certificate, name: string, sans: readonly string[]): boolean {
  if (sans.includes(name)) return true;
  return isIP(name) ? certificate.checkIP(name) !== undefined : certificate.checkHost(name) !== undefined;
}

/** caProblem says why a stored CA should not sign serving certificates any more, or returns undefined. */
export function caProblem(caCert: string, caKey: string, now: number): string | undefined {
  try {
    const ca = new X509Certificate(caCert);
    if (!ca.ca) return 'not a CA certificate';
    if (!ca.checkPrivateKey(createPrivateKey(caKey))) return 'CA key does not match its certificate';
    if (Date.parse(ca.validTo) - now < CA_RENEW_BEFORE_MS) return 'CA certificate expires soon';
    return undefined;
  } catch (error) {
    return describe(error);
  }
}

/**
 * servingProblem says why a stored set should not be served for `names` (not issued by its CA, key
 * not its own, a third of its lifetime left, a name missing), or returns undefined when it can be.
 */
export function servingProblem(
  issued: IssuedCertificates,
  names: readonly string[],
  now: number,
): string | undefined {
  try {
    checkIssued(issued);
    const certificate = new X509Certificate(issued.cert);
    // The lifetime as issued: notBefore is backdated for clock skew, which is not lifetime to spend.
    const notBefore = Date.parse(certificate.validFrom) + CLOCK_SKEW_MS;
    const notAfter = Date.parse(certificate.validTo);
    if (now >= notAfter - (notAfter - notBefore) / 3) return 'a third of its lifetime left';
    const sans = sanNames(certificate);
    const missing = names.filter((name) => !covers(certificate, name, sans));
    return missing.length > 0 ? `no subject alternative name for ${missing.join(', ')}` : undefined;
  } catch (error) {
    return describe(error);
  }
}

/** renewalReason says why a stored CA and serving certificate must be replaced, or returns undefined. */
export function renewalReason(
  issued: IssuedCertificates,
  names: readonly string[],
  now: number,
): string | undefined {
  return caProblem(issued.ca, issued.caKey, now) ?? servingProblem(issued, names, now);
}
