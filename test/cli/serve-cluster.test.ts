/**
 * `podpreset serve` without --presets: cluster mode plugged into the same server. Presets come
 * from the (double of the) Kubernetes API, the serving certificate from the Secret given by
 * --cert-secret, and SIGTERM still drains and resolves with exit code 0.
 */
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runServe } from '../../src/cli/serve.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { aReview, decodePatch, type ReviewAnswer } from '../helpers/admission.js';
import { aPod, applyPatch } from '../helpers/builders.js';
import { aPodPreset, envPreset } from '../helpers/cluster-fixtures.js';
import { postJson, send, type Target } from '../helpers/https-client.js';
import { apply, get, KubeApiDouble, writeKubeconfig } from '../helpers/kube-api-double.js';
import { captureLog } from '../helpers/log-capture.js';

let double: KubeApiDouble;
beforeEach(async () => {
  double = await KubeApiDouble.start();
});
afterEach(() => double.close());

describe('serve in cluster mode', () => {
  it('admits with presets from the API, serves the Secret certificate, drains on SIGTERM', async () => {
    apply(double, aPodPreset('db', 'shop', envPreset({ app: 'web' }, { DB_HOST: 'postgres' })));
    const log = captureLog('debug');
    const signals = new EventEmitter();
    const exitCode = runServe(
      [
        '--kubeconfig',
        writeKubeconfig(double),
        '--cert-secret',
        'podpreset-system/podpreset-webhook-tls',
        '--dns-name',
        'podpreset-webhook.podpreset-system.svc',
        '--port',
        '0',
        '--host',
        '127.0.0.1',
      ],
      {
        logger: log.logger,
        metrics: createMetrics({ defaultMetrics: false }),
        signals: signals as unknown as Pick<NodeJS.Process, 'once' | 'off'>,
      },
    );
    const line = (msg: string) => log.lines().find((l) => l['msg'] === msg);
    let target: Target | undefined;
    try {
      await vi.waitFor(() => expect(line('ready')).toBeDefined(), { timeout: 10_000, interval: 25 });

      const secret = get(double, 'Secret', 'podpreset-webhook-tls', 'podpreset-system') as unknown as {
        data: Record<string, string>;
      };
      target = {
        port: line('listening')!['port'] as number,
        ca: Buffer.from(secret.data['ca.crt']!, 'base64').toString('utf8'),
        servername: 'podpreset-webhook.podpreset-system.svc',
      };
      expect((await send(target, { path: '/readyz' })).status).toBe(200);
      const pod = aPod();
      const answer = (
        await postJson(target, '/mutate', aReview(pod, { namespace: 'shop' }))
      ).json<ReviewAnswer>();
      const result = applyPatch(pod, decodePatch(answer.response)) as {
        spec: { containers: { env?: unknown[] }[] };
      };
      expect(result.spec.containers[0]!.env).toEqual([{ name: 'DB_HOST', value: 'postgres' }]);
    } finally {
      signals.emit('SIGTERM', 'SIGTERM');
    }
    expect(await exitCode).toBe(0);
    expect(line('stopped')).toBeDefined();
    await expect(send(target!, { path: '/healthz' })).rejects.toThrow(/ECONNREFUSED/);
  });
});
