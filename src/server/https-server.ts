/**
 * The HTTPS listener: TLS from a CertificateSource (a new certificate is swapped in with
 * setSecureContext, so the next handshake sees it and open connections are untouched), timeouts
 * that keep slow or stalled clients from holding the server, and a graceful close.
 */
import { createServer, type Server } from 'node:https';
import type { RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../observability/logger.js';
import type { CertificateSource } from '../tls/source.js';

export interface ServerTimeouts {
  /** Time for a new connection to complete its TLS handshake (Node's default is 120 s). */
  readonly handshakeMs: number;
  /** Time for a client to send a request's headers (Node ≥ 18 counts it per request, not per connection). */
  readonly headersMs: number;
  /** Time for a whole request; the API server gives a webhook at most 30 s anyway. */
  readonly requestMs: number;
  /** Idle keep-alive: above the API server's 90 s, so it closes pooled connections before we do. */
  readonly keepAliveMs: number;
  /** How often Node checks the two timeouts above. */
  readonly checkIntervalMs: number;
}

export const DEFAULT_TIMEOUTS: ServerTimeouts = {
  handshakeMs: 10_000,
  headersMs: 10_000,
  requestMs: 30_000,
  keepAliveMs: 95_000,
  checkIntervalMs: 1_000,
};

/** Headers a webhook request needs are a handful; the API server sends fewer than 20. */
const MAX_HEADERS = 100;

export interface HttpsServerOptions {
  readonly app: RequestListener;
  readonly certificates: CertificateSource;
  readonly host: string;
  readonly port: number;
  readonly logger: Logger;
  readonly timeouts?: Partial<ServerTimeouts>;
}

export interface RunningServer {
  readonly server: Server;
  readonly address: AddressInfo;
  /**
   * close stops accepting connections, lets requests in flight finish (idle keep-alive
   * connections are closed at once, busy ones after their answer) and resolves when all are
   * closed; after `drainMs` the remaining connections are cut.
   */
  close(drainMs?: number): Promise<void>;
}

/** startHttpsServer listens with the source's current certificate and follows its changes. */
export async function startHttpsServer(options: HttpsServerOptions): Promise<RunningServer> {
  const { app, certificates, host, port, logger } = options;
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const { cert, key } = certificates.current();
  const server = createServer(
    {
      cert,
      key,
      minVersion: 'TLSv1.2',
      // A connection that never completes its handshake is held no longer than one that never
      // sends its headers (the header timeout starts only once the handshake is done).
      handshakeTimeout: timeouts.handshakeMs,
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      connectionsCheckingInterval: timeouts.checkIntervalMs,
    },
    app,
  );
  server.maxHeadersCount = MAX_HEADERS;
  server.on('tlsClientError', (error) => logger.debug({ err: error.message }, 'TLS handshake failed'));
  certificates.onChange((next) => {
    server.setSecureContext({ cert: next.cert, key: next.key });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;

  const close = (drainMs = timeouts.requestMs): Promise<void> =>
    new Promise((resolve) => {
      const sweep = setInterval(() => server.closeIdleConnections(), 100);
      const deadline = setTimeout(() => server.closeAllConnections(), drainMs);
      server.close(() => {
        clearInterval(sweep);
        clearTimeout(deadline);
        resolve();
      });
      server.closeIdleConnections();
    });

  return { server, address, close };
}
