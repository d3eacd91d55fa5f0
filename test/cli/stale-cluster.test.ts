/** `podpreset stale` against the API double (docs/SPEC.md §10): every reason found, nothing current reported. */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuilt } from '../helpers/cli.js';
import { stale } from '../helpers/cluster-cli.js';
import { KubeApiDouble, kubeconfigObject, writeKubeconfig } from '../helpers/kube-api-double.js';
import { seedShop } from '../helpers/stale-shop.js';

let double: KubeApiDouble;
let kubeconfig: string;
beforeAll(async () => {
  double = await KubeApiDouble.start();
  seedShop(double);
  kubeconfig = writeKubeconfig(double);
});
afterAll(async () => {
  await double.close();
});

interface StaleJson {
  workloads: {
    kind: string;
    namespace: string;
    name: string;
    pods: number;
    stale: { pod: string; reason: string; preset: string }[];
  }[];
}

describe('podpreset stale', () => {
  it('-o json: each stale workload with its Pods and reasons, exactly as docs/SPEC.md §10', async () => {
    const run = await stale(['--kubeconfig', kubeconfig, '-n', 'shop', '-o', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      workloads: [
        {
          kind: 'CronJob',
          namespace: 'shop',
          name: 'report',
          pods: 1,
          stale: [{ pod: 'report-29170-5hx2m', reason: 'conflict', preset: 'PodPreset/database' }],
        },
        {
          kind: 'DaemonSet',
          namespace: 'shop',
          name: 'agent',
          pods: 1,
          stale: [{ pod: 'agent-x7vqk', reason: 'removed', preset: 'PodPreset/old-agent' }],
        },
        {
          kind: 'Deployment',
          namespace: 'shop',
          name: 'checkout',
          pods: 2,
          stale: [
            { pod: 'checkout-7c9f-2xk4p', reason: 'outdated', preset: 'PodPreset/database' },
            { pod: 'checkout-7c9f-9wq7d', reason: 'outdated', preset: 'PodPreset/database' },
          ],
        },
        {
          kind: 'StatefulSet',
          namespace: 'shop',
          name: 'cache',
          pods: 1,
          stale: [{ pod: 'cache-0', reason: 'missing', preset: 'PodPreset/cache-tuning' }],
        },
      ],
    });
  });

  it('reads every collection with paginated list calls and writes nothing', async () => {
    double.requests.length = 0;
    await stale(['--kubeconfig', kubeconfig, '-n', 'shop']);
    const paths = double.requests.map((r) => r.path).sort();
    expect(paths).toEqual([
      '/api/v1/namespaces',
      '/api/v1/namespaces/shop/pods',
      '/apis/apps/v1/namespaces/shop/replicasets',
      '/apis/batch/v1/namespaces/shop/jobs',
      '/apis/podpreset.dev/v1alpha1/clusterpodpresets',
      '/apis/podpreset.dev/v1alpha1/podpresets',
    ]);
    expect(double.requests.every((r) => r.method === 'GET' && r.query.get('limit') === '500')).toBe(true);
  });

  it('text: a table like kubectl get, conflicts spelled out below it', async () => {
    const run = await stale(['--kubeconfig', kubeconfig, '-n', 'shop']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'WORKLOAD              PODS   STALE   REASONS',
        'cronjob/report        1      1       conflict PodPreset/database',
        'daemonset/agent       1      1       removed PodPreset/old-agent',
        'deployment/checkout   2      2       outdated PodPreset/database',
        'statefulset/cache     1      1       missing PodPreset/cache-tuning',
        '',
        'Conflicts:',
        '  shop/report-29170-5hx2m: PodPreset "database" conflicts with the pod on env var "DB_HOST" in container "app"',
        '',
      ].join('\n'),
    );
  });

  it('-A: every namespace the webhook serves, with a NAMESPACE column', async () => {
    const run = await stale(['--kubeconfig', kubeconfig, '-A', '-o', 'json']);
    const workloads = (JSON.parse(run.stdout) as StaleJson).workloads;
    expect(workloads.map((w) => `${w.namespace} ${w.kind}/${w.name}`)).toEqual([
      'billing Pod/invoice-run',
      'shop CronJob/report',
      'shop DaemonSet/agent',
      'shop Deployment/checkout',
      'shop StatefulSet/cache',
    ]);
    expect(workloads[0]!.stale).toEqual([
      { pod: 'invoice-run', reason: 'missing', preset: 'ClusterPodPreset/mesh' },
    ]);
    const text = await stale(['--kubeconfig', kubeconfig, '-A']);
    expect(text.stdout.split('\n')[0]).toMatch(/^NAMESPACE\s+WORKLOAD\s+PODS\s+STALE\s+REASONS$/);
  });

  it('-l selects the Pods by label, on the server', async () => {
    double.requests.length = 0;
    const run = await stale(['--kubeconfig', kubeconfig, '-n', 'shop', '-l', 'app=cache', '-o', 'json']);
    expect((JSON.parse(run.stdout) as StaleJson).workloads.map((w) => w.name)).toEqual(['cache']);
    expect(double.requests.find((r) => r.path.endsWith('/pods'))!.query.get('labelSelector')).toBe(
      'app=cache',
    );
  });

  it('without -n or -A: the namespace of the kubeconfig context, else default', async () => {
    const config = kubeconfigObject(double) as { contexts: { context: Record<string, string> }[] };
    config.contexts[0]!.context['namespace'] = 'billing';
    const path = `${kubeconfig}-billing`;
    writeFileSync(path, JSON.stringify(config));
    const run = await stale(['--kubeconfig', path, '-o', 'json']);
    expect((JSON.parse(run.stdout) as StaleJson).workloads.map((w) => w.name)).toEqual(['invoice-run']);

    const fallback = await stale(['--kubeconfig', kubeconfig]);
    expect(fallback.stdout).toBe('');
    expect(fallback.stderr).toBe('No stale Pods found in namespace default.\n');
    expect(fallback.code).toBe(0);
  });

  it('exit codes: 1 with --fail-on-stale when anything is stale, 0 when nothing is, 2 for bad usage', async () => {
    expect((await stale(['--kubeconfig', kubeconfig, '-n', 'shop', '--fail-on-stale'])).code).toBe(1);
    expect(
      (await stale(['--kubeconfig', kubeconfig, '-n', 'shop', '-l', 'app=debug', '--fail-on-stale'])).code,
    ).toBe(0);
    const both = await stale(['--kubeconfig', kubeconfig, '-n', 'shop', '-A']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^podpreset: --namespace and --all-namespaces cannot be used together/);
    expect((await stale(['--kubeconfig', kubeconfig, '-o', 'yaml'])).code).toBe(2);
  });

  it('the built CLI: stale from KUBECONFIG', async () => {
    const run = await runBuilt(['stale', '-n', 'shop', '--fail-on-stale', '-o', 'json'], {
      env: { KUBECONFIG: kubeconfig },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as StaleJson).workloads).toHaveLength(4);
  });
});

describe('podpreset stale on a cluster it cannot read', () => {
  it('exits 2 naming the context, no stack trace', async () => {
    const down = await KubeApiDouble.start();
    const path = writeKubeconfig(down);
    await down.close();
    const run = await stale(['--kubeconfig', path, '-n', 'shop']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^podpreset: cannot reach the cluster of context double: /);
  });

  it('says what the API server answered when it refuses', async () => {
    const refusing = await KubeApiDouble.start();
    refusing.failWith(403);
    const run = await stale(['--kubeconfig', writeKubeconfig(refusing), '-n', 'shop']);
    await refusing.close();
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^podpreset: cannot read (presets|Pods and workloads) from the cluster of context double: 403 InternalError: the API double is failing on purpose\n$/,
    );
  });
});
