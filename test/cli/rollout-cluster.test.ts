/**
 * `podpreset rollout` against the API double (docs/SPEC.md §10): the plan writes nothing; --apply patches
 * only the stale workloads' template annotation; --wait follows each rollout, which the test
 * completes as the controllers would (actAsControllers), and stops at the first that does not finish in time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBuilt } from '../helpers/cli.js';
import { rollout } from '../helpers/cluster-cli.js';
import { get, KubeApiDouble, writeKubeconfig, type StoredObject } from '../helpers/kube-api-double.js';
import { actAsControllers, completeRollout, restartIn } from '../helpers/kube-api-double/rollouts.js';
import { seedShop } from '../helpers/stale-shop.js';

let double: KubeApiDouble;
let kubeconfig: string;
beforeEach(async () => {
  double = await KubeApiDouble.start();
  seedShop(double);
  kubeconfig = writeKubeconfig(double);
  double.requests.length = 0;
});
afterEach(async () => {
  await double.close();
});

/** The flags that point a run at the double's shop namespace. */
const inShop = (): string[] => ['--kubeconfig', kubeconfig, '-n', 'shop'];
const writes = () => double.requests.filter((r) => r.method !== 'GET');
const restartedAt = (object: StoredObject | undefined): unknown =>
  (object?.['spec'] as { template: { metadata: { annotations?: Record<string, string> } } }).template.metadata
    .annotations?.['podpreset.dev/restartedAt'];

interface RolloutJson {
  restart: {
    kind: string;
    namespace: string;
    name: string;
    reason: string;
    result?: string;
    message?: string;
  }[];
  manual: { kind: string; namespace: string; name: string; reason: string }[];
}

describe('podpreset rollout', () => {
  it('without --apply prints the plan and writes nothing', async () => {
    const run = await rollout([...inShop(), '-o', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      restart: [
        {
          kind: 'DaemonSet',
          namespace: 'shop',
          name: 'agent',
          reason: '1 of 1 Pods stale: removed PodPreset/old-agent',
        },
        {
          kind: 'Deployment',
          namespace: 'shop',
          name: 'checkout',
          reason: '2 of 2 Pods stale: outdated PodPreset/database',
        },
        {
          kind: 'StatefulSet',
          namespace: 'shop',
          name: 'cache',
          reason: '1 of 1 Pods stale: missing PodPreset/cache-tuning',
        },
      ],
      manual: [
        {
          kind: 'CronJob',
          namespace: 'shop',
          name: 'report',
          reason:
            '1 of 1 Pods stale: conflict PodPreset/database; its next scheduled Job gets the presets; a running Job is never restarted',
        },
      ],
    });
    const text = await rollout(['--kubeconfig', kubeconfig, '-n', 'shop']);
    expect(text.stdout).toMatch(/^WORKLOAD\s+NAMESPACE\s+ACTION\s+REASON\n/);
    expect(text.stdout).toMatch(
      /\ndeployment\/checkout\s+shop\s+restart\s+2 of 2 Pods stale: outdated PodPreset\/database\n/,
    );
    expect(text.stdout).toMatch(/\ncronjob\/report\s+shop\s+manual\s+/);
    expect(text.stdout).toMatch(/\nNothing was changed\. Run with --apply to restart 3 workloads\.\n$/);
    expect(writes()).toEqual([]);
  });

  it('--apply patches only the stale workloads’ template annotation, as kubectl rollout restart does', async () => {
    const before = get(double, 'Deployment', 'frontend', 'shop');
    const run = await rollout([...inShop(), '--apply', '-o', 'json'], {
      now: () => Date.parse('2026-11-30T12:00:00.250Z'),
    });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as RolloutJson).restart.map((w) => `${w.name} ${w.result}`)).toEqual([
      'agent restarted',
      'checkout restarted',
      'cache restarted',
    ]);
    expect(writes().map((r) => `${r.method} ${r.path} ${r.contentType}`)).toEqual([
      'PATCH /apis/apps/v1/namespaces/shop/daemonsets/agent application/strategic-merge-patch+json',
      'PATCH /apis/apps/v1/namespaces/shop/deployments/checkout application/strategic-merge-patch+json',
      'PATCH /apis/apps/v1/namespaces/shop/statefulsets/cache application/strategic-merge-patch+json',
    ]);
    for (const [kind, name] of [
      ['DaemonSet', 'agent'],
      ['Deployment', 'checkout'],
      ['StatefulSet', 'cache'],
    ] as const) {
      const object = get(double, kind, name, 'shop');
      expect(restartedAt(object)).toBe('2026-11-30T12:00:00Z');
      expect(object!.metadata.generation).toBe(2);
    }
    expect(get(double, 'Deployment', 'frontend', 'shop')).toEqual(before);
  });

  it('--max-in-flight 1 --wait starts the next restart only after the previous rollout completed', async () => {
    const log = actAsControllers(double.store);
    const run = await rollout([...inShop(), '--apply', '--wait', '--max-in-flight', '1', '-o', 'json']);
    expect(run.code).toBe(0);
    expect(log).toEqual([
      'restart agent',
      'done agent',
      'restart checkout',
      'done checkout',
      'restart cache',
      'done cache',
    ]);
    expect((JSON.parse(run.stdout) as RolloutJson).restart.map((w) => w.result)).toEqual([
      'done',
      'done',
      'done',
    ]);
  });

  it('--max-in-flight 2 --wait keeps two rollouts going at once', async () => {
    // These controllers finish nothing until two restarts are in flight: one at a time would time out.
    const restarted: { kind: string; name: string; namespace: string }[] = [];
    double.store.events.on('event', (event) => {
      const restart = restartIn(event);
      if (!restart) return;
      restarted.push(restart);
      const finish = restarted.length === 2 ? restarted : restarted.length === 3 ? [restart] : [];
      for (const w of finish) setTimeout(() => completeRollout(double.store, w.kind, w.name, w.namespace), 0);
    });
    const run = await rollout([...inShop(), '--apply', '--wait', '--max-in-flight', '2', '--timeout', '10s']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(restarted.map((w) => w.name)).toEqual(['agent', 'checkout', 'cache']);
  });

  it('stops at the first rollout that does not finish within --timeout, naming it, exit 1', async () => {
    const log = actAsControllers(double.store, (name) => name !== 'checkout');
    const run = await rollout([...inShop(), '--apply', '--wait', '--timeout', '2s', '-o', 'json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'podpreset: rollout stopped at deployment/checkout in namespace shop: did not finish rolling out within 2s: 1 of 2 new replicas have been updated (--timeout 2s)\n',
    );
    expect(log).toEqual(['restart agent', 'done agent', 'restart checkout']);
    const results = (JSON.parse(run.stdout) as RolloutJson).restart.map((w) => `${w.name} ${w.result}`);
    expect(results).toEqual(['agent done', 'checkout timed-out', 'cache not-started']);
    expect(restartedAt(get(double, 'StatefulSet', 'cache', 'shop'))).toBeUndefined();
  });

  it('a refused restart stops the run with exit 1 and the API server’s answer', async () => {
    double.refuseWhen((r) => (r.method === 'PATCH' && r.name === 'agent' ? 403 : undefined));
    const run = await rollout([...inShop(), '--apply', '-o', 'json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'podpreset: rollout stopped at daemonset/agent in namespace shop: 403 Forbidden: the API double refuses this request on purpose\n',
    );
    expect((JSON.parse(run.stdout) as RolloutJson).restart.map((w) => w.result)).toEqual([
      'failed',
      'not-started',
      'not-started',
    ]);
    expect(writes()).toHaveLength(1);
  });

  it('usage: --timeout needs --wait; --max-in-flight is a whole number of at least 1', async () => {
    expect((await rollout(['--kubeconfig', kubeconfig, '--apply', '--timeout', '1m'])).stderr).toMatch(
      /--timeout needs --wait/,
    );
    const zero = await rollout(['--kubeconfig', kubeconfig, '--max-in-flight', '0']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/--max-in-flight must be a whole number of at least 1, not "0"/);
    const bad = await rollout(['--kubeconfig', kubeconfig, '--wait', '--timeout', 'soon']);
    expect(bad.stderr).toMatch(/--timeout must be a duration such as 30s, 5m or 1h30m, not "soon"/);
    expect(writes()).toEqual([]);
  });

  it('the built CLI: rollout without --apply from KUBECONFIG', async () => {
    const run = await runBuilt(['rollout', '-n', 'shop', '-o', 'json'], { env: { KUBECONFIG: kubeconfig } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as RolloutJson).restart).toHaveLength(3);
    expect(writes()).toEqual([]);
  });
});
