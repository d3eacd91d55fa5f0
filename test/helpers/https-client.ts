/** A small HTTPS client for the end-to-end tests: the server's CA is pinned, verification stays on. */
import type { Agent } from 'node:https';
import { request } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import type { TLSSocket } from 'node:tls';

export interface Target {
  readonly port: number;
  /** PEM of the CA that signed the server's certificate. */
  readonly ca: string;
  readonly host?: string;
  /** The name the certificate must carry, when the host (127.0.0.1) is not one of its SANs. */
  readonly servername?: string;
}

export interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** The SHA-256 fingerprint of the certificate the server presented on this connection. */
  readonly fingerprint: string;
  json<T = unknown>(): T;
}

export interface RequestOptions {
  readonly method?: string;
  readonly path: string;
  readonly headers?: Record<string, string | number>;
  readonly body?: string | Buffer;
  /** Default: a fresh connection per request, so each one does a handshake of its own. */
  readonly agent?: Agent | false;
}

/** send makes one HTTPS request to 127.0.0.1 and reads the whole answer. */
export function send(target: Target, options: RequestOptions): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.host ?? '127.0.0.1',
        port: target.port,
        ca: target.ca,
        ...(target.servername ? { servername: target.servername } : {}),
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
        agent: options.agent ?? false,
      },
      (res) => {
        const fingerprint = (res.socket as TLSSocket).getPeerCertificate().fingerprint256;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            fingerprint,
            json: <T>() => JSON.parse(text) as T,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** postJson sends `body` as JSON. */
export function postJson(
  target: Target,
  path: string,
  body: unknown,
  agent?: Agent | false,
): Promise<Answer> {
  return send(target, {
    method: 'POST',
    path,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    ...(agent === undefined ? {} : { agent }),
  });
}
