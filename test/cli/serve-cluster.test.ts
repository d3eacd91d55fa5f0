/**
 * `podpreset serve` without --presets: cluster mode plugged into the same server. Presets come
 * from the (double of the) Kubernetes API, the serving certificate from the Secret given by
 * --cert-secret, and SIGTERM still drains and resolves with exit code 0.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runServe } from '../../src/cli/serve.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { aReview, decodePatch, type ReviewAnswer } from '../helpers/admission.js';
import { aPod, applyPatch } from '../helpers/builders.js';
import { aPodPreset, envPreset } from '../helpers/cluster-fixtures.js';
import { postJson, send, type Target } from '../helpers/https-client.js';
import { apply, get, KubeApiDouble, kubeconfigObject, writeKubeconfig } from '../helpers/kube-api-double.js';
import { runBuilt } from '../helpers/cli.js';
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

      // Cluster mode: a preset that would overlap-conflict with the cluster's is allowed, with a warning.
      const rival = aPodPreset('db-replica', 'shop', envPreset({}, { DB_HOST: 'replica' }));
      const validation = (
        await postJson(
          target,
          '/validate',
          aReview(rival, {
            group: 'podpreset.dev',
            kind: 'PodPreset',
            resource: 'podpresets',
            namespace: 'shop',
          }),
        )
      ).json<ReviewAnswer>();
      expect(validation.response.allowed).toBe(true);
      expect(validation.response.warnings).toEqual([
        expect.stringContaining('PodPreset shop/db and PodPreset shop/db-replica'),
      ]);
    } finally {
      signals.emit('SIGTERM', 'SIGTERM');
    }
    expect(await exitCode).toBe(0);
    expect(line('stopped')).toBeDefined();
    await expect(send(target!, { path: '/healthz' })).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('serve in cluster mode stops on SIGTERM in every phase', () => {
  /** serveAgainstDeadCluster starts serve against a cluster that never answers, so nothing ever syncs. */
  async function serveAgainstDeadCluster(extra: string[]) {
    const kubeconfig = writeKubeconfig(double);
    await double.down();
    const log = captureLog('debug');
    const signals = new EventEmitter();
    const certDir = mkdtempSync(join(tmpdir(), 'podpreset-certs-'));
    const exitCode = runServe(['--kubeconfig', kubeconfig, '--port', '0', '--host', '127.0.0.1', ...extra], {
      logger: log.logger,
      metrics: createMetrics({ defaultMetrics: false }),
      signals: signals as unknown as Pick<NodeJS.Process, 'once' | 'off'>,
    });
    return { log, signals, exitCode, certDir };
  }

  it('before the first sync of the presets', async () => {
    const run = await serveAgainstDeadCluster([]);
    const line = (msg: string) => run.log.lines().find((l) => l['msg'] === msg);
    await vi.waitFor(() => expect(line('listening')).toBeDefined(), { timeout: 10_000, interval: 25 });
    expect(line('ready')).toBeUndefined();
    run.signals.emit('SIGTERM', 'SIGTERM');
    await vi.waitFor(() => expect(line('stopped')).toBeDefined(), { timeout: 5_000, interval: 25 });
    expect(await run.exitCode).toBe(0);
    expect(line('ready')).toBeUndefined();
  });

  it('while waiting for the serving certificate of --cert-secret', async () => {
    const run = await serveAgainstDeadCluster([
      '--cert-secret',
      'podpreset-system/podpreset-webhook-tls',
      '--dns-name',
      'podpreset-webhook.podpreset-system.svc',
    ]);
    const line = (msg: string) => run.log.lines().find((l) => l['msg'] === msg);
    await vi.waitFor(() => expect(line('cluster mode starting')).toBeDefined(), { timeout: 10_000 });
    run.signals.emit('SIGINT', 'SIGINT');
    await vi.waitFor(() => expect(line('stopped')).toBeDefined(), { timeout: 5_000, interval: 25 });
    expect(await run.exitCode).toBe(0);
    expect(line('listening')).toBeUndefined();
  });
});

describe('cluster mode without any kubeconfig, outside a cluster', () => {
  // No KUBECONFIG, a HOME without .kube/config, and no service account token on this machine.
  const env = { KUBECONFIG: '', HOME: mkdtempSync(join(tmpdir(), 'podpreset-home-')) };
  const missing =
    'no kubeconfig found (KUBECONFIG, ~/.kube/config) and not running in a cluster: pass --kubeconfig FILE';

  it('serve exits 2 at once and says what is missing', async () => {
    const run = await runBuilt(['serve', '--port', '0', '--host', '127.0.0.1'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`podpreset: ${missing}\n`);
  });

  it.each([['preview', '-f', '-'], ['explain', '-f', '-'], ['lint']])(
    '%s exits 2, says what is missing and how to run it offline',
    async (command, ...args) => {
      const run = await runBuilt([command, ...args], { env, stdin: JSON.stringify(aPod()) });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`podpreset: ${missing} (pass --presets PATH to ${command} offline)\n`);
    },
  );
});

it('--context picks the kubeconfig context cluster mode uses', async () => {
  apply(double, aPodPreset('db', 'shop', envPreset({ app: 'web' }, { DB_HOST: 'postgres' })));
  // The current context points at nothing; only --context double reaches the API.
  const config = kubeconfigObject(double) as Record<string, unknown> & {
    clusters: { name: string; cluster: object }[];
    contexts: { name: string; context: object }[];
  };
  config.clusters.push({ name: 'nowhere', cluster: { server: 'https://127.0.0.1:1' } });
  config.contexts.push({ name: 'nowhere', context: { cluster: 'nowhere', user: 'tester' } });
  config['current-context'] = 'nowhere';
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'podpreset-kube-')), 'kubeconfig');
  writeFileSync(kubeconfig, JSON.stringify(config));
  const log = captureLog('debug');
  const signals = new EventEmitter();
  const certDir = mkdtempSync(join(tmpdir(), 'podpreset-certs-'));
  const exitCode = runServe(
    [
      '--kubeconfig',
      kubeconfig,
      '--context',
      'double',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--cert-dir',
      certDir,
    ],
    {
      logger: log.logger,
      metrics: createMetrics({ defaultMetrics: false }),
      signals: signals as unknown as Pick<NodeJS.Process, 'once' | 'off'>,
    },
  );
  const line = (msg: string) => log.lines().find((l) => l['msg'] === msg);
  try {
    await vi.waitFor(() => expect(line('ready')).toBeDefined(), { timeout: 10_000, interval: 25 });
    expect(line('cluster mode starting')).toMatchObject({ context: 'double' });
  } finally {
    signals.emit('SIGTERM', 'SIGTERM');
  }
  expect(await exitCode).toBe(0);
});
