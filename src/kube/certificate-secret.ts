/**
 * The certificate Secret's format: a kubernetes.io/tls Secret with the CA beside the serving
 * certificate (tls.crt, tls.key, ca.crt, and ca.key so any replica can renew from the same CA).
 * Pure encoding and decoding; reading and writing the Secret is secret-certificates.ts's.
 */
import type { V1Secret } from '@kubernetes/client-node';
import { checkIssued, type IssuedCertificates } from '../tls/authority.js';
import type { ServingCertificate } from '../tls/source.js';

const SECRET_KEYS = { cert: 'tls.crt', key: 'tls.key', ca: 'ca.crt', caKey: 'ca.key' } as const;

const decode = (secret: V1Secret, key: string): string | undefined => {
  const value = secret.data?.[key];
  return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
};

/** fromSecret reads the four PEMs of a Secret, or undefined when any is missing or they do not fit together. */
export function fromSecret(secret: V1Secret): IssuedCertificates | undefined {
  const [cert, key, ca, caKey] = [SECRET_KEYS.cert, SECRET_KEYS.key, SECRET_KEYS.ca, SECRET_KEYS.caKey].map(
    (k) => decode(secret, k),
  );
  if (!cert || !key || !ca || !caKey) return undefined;
  const issued = { cert, key, ca, caKey };
  try {
    checkIssued(issued);
  } catch {
    return undefined;
  }
  return issued;
}

export const toData = (issued: IssuedCertificates): Record<string, string> => ({
  [SECRET_KEYS.cert]: Buffer.from(issued.cert).toString('base64'),
  [SECRET_KEYS.key]: Buffer.from(issued.key).toString('base64'),
  [SECRET_KEYS.ca]: Buffer.from(issued.ca).toString('base64'),
  [SECRET_KEYS.caKey]: Buffer.from(issued.caKey).toString('base64'),
});

export const toServing = (issued: IssuedCertificates): ServingCertificate => ({
  cert: issued.cert,
  key: issued.key,
  ca: issued.ca,
});
