/**
 * CertificateSource is where the serving certificate comes from: files (cert-manager or
 * --tls-cert/--tls-key, reloaded on change), a self-signed CA written to --cert-dir, or a CA kept
 * in a Secret shared by replicas (cluster mode). The HTTPS server only consumes this.
 */
export interface ServingCertificate {
  /** PEM: the serving certificate (and chain). */
  readonly cert: string;
  /** PEM: its private key. Never logged. */
  readonly key: string;
  /** PEM: the CA clients should trust, where this source knows it. */
  readonly ca?: string;
}

export interface CertificateSource {
  /** start produces the first certificate (reading, generating or fetching it) and keeps it current. */
  start(): Promise<ServingCertificate>;
  current(): ServingCertificate;
  /** onChange is called with every new certificate after the first; the server swaps its secure context. */
  onChange(listener: (certificate: ServingCertificate) => void): void;
  stop(): Promise<void>;
}
