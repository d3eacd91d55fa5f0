/**
 * Self-signed serving certificates for `--cert-dir` (docs/SPEC.md §4: ECDSA P-256, SANs for
 * localhost, 127.0.0.1 and the given DNS names). Issuing is authority.ts's and renewal is
 * renewal.ts's (both shared with cluster mode's Secret); this file decides which names a local
 * certificate carries and for how long.
 */

/** Names every local serving certificate carries, so `https://localhost:8443` and `https://127.0.0.1:8443` both verify. */
export const LOCAL_NAMES: readonly string[] = ['localhost', '127.0.0.1'];

export const SERVING_VALIDITY_DAYS = 365;

/** servingNames returns the SANs for a local serving certificate: LOCAL_NAMES, then `dnsNames`, without repeats. */
export function servingNames(dnsNames: readonly string[]): string[] {
  return [...new Set([...LOCAL_NAMES, ...dnsNames])];
}
