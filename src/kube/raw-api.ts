/**
 * One API request as plain JSON in and out, authenticated as the kubeconfig says (client-node's
 * applyToHTTPSOptions: CA, client certificate, token, exec plugin). The typed API classes would
 * drop fields their models do not know; `stale` and `rollout` need the objects as the server has them.
 */
import { request } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

/** An answer that is not 2xx, shaped like client-node's ApiException so describeKubeError reads it. */
export class ApiRequestError extends Error {
  constructor(
    readonly code: number,
    readonly body: string,
    method: string,
    path: string,
  ) {
    super(`HTTP ${code} from ${method} ${path}`);
  }
}

/** serverUrl is `path` on the kubeconfig's current cluster (keeping a path prefix of its server URL). */
export function serverUrl(kc: KubeConfig, path: string): URL {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error('the kubeconfig has no current cluster');
  return new URL(server.replace(/\/$/, '') + path);
}

/** requestJson sends one request and resolves with the parsed JSON answer. */
export async function requestJson(
  kc: KubeConfig,
  method: string,
  url: URL,
  body?: { readonly contentType: string; readonly value: unknown },
): Promise<unknown> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const text = body === undefined ? undefined : JSON.stringify(body.value);
  if (body) headers['Content-Type'] = body.contentType;
  const options: Parameters<typeof request>[1] = { method, headers };
  await kc.applyToHTTPSOptions(options);
  return new Promise((resolve, reject) => {
    const req = request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const answer = Buffer.concat(chunks).toString('utf8');
        const code = res.statusCode ?? 0;
        if (code < 200 || code > 299) return reject(new ApiRequestError(code, answer, method, url.pathname));
        try {
          resolve(JSON.parse(answer));
        } catch {
          reject(new Error(`${method} ${url.pathname}: the answer is not JSON`));
        }
      });
    });
    req.on('error', reject);
    req.end(text);
  });
}
