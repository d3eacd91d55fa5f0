/**
 * The cluster the stale and rollout tests (and the README's examples) look at: namespace `shop`
 * with one workload per kind of staleness, one current workload, and Pods that must never be
 * reported; namespace `billing` with one stale Pod, seen only with -A.
 */
import { aClusterPodPreset, aNamespace, aPodPreset } from './cluster-fixtures.js';
import { apply, remove, type KubeApiDouble } from './kube-api-double.js';
import { aController, aPodMadeByTheWebhook, aWorkload } from './workload-fixtures.js';

const env = (vars: Record<string, string>) => Object.entries(vars).map(([name, value]) => ({ name, value }));
const backend = { selector: { matchLabels: { tier: 'backend' } } };

export const DATABASE_THEN = aPodPreset('database', 'shop', { ...backend, env: env({ DB_HOST: 'db' }) });
const DATABASE_NOW = aPodPreset('database', 'shop', {
  ...backend,
  env: env({ DB_HOST: 'db', DB_PORT: '5432' }),
});
const DATABASE_LEGACY = aPodPreset('database', 'shop', { ...backend, env: env({ DB_HOST: 'legacy-db' }) });
const CACHE_TUNING = aPodPreset('cache-tuning', 'shop', {
  selector: { matchLabels: { app: 'cache' } },
  env: env({ MAXMEMORY: '256mb' }),
});
const OLD_AGENT = aPodPreset('old-agent', 'shop', {
  selector: { matchLabels: { app: 'agent' } },
  env: env({ AGENT_MODE: 'legacy' }),
});
const MESH = aClusterPodPreset('mesh', {
  selector: { matchLabels: { mesh: 'on' } },
  env: env({ MESH: 'on' }),
});

/** seedShop fills the double; the presets in it are today's. */
export function seedShop(double: KubeApiDouble): void {
  apply(double, aNamespace('shop'));
  apply(double, aNamespace('billing'));
  apply(double, aNamespace('legacy', { 'podpreset.dev/injection': 'disabled' }));
  apply(double, aNamespace('kube-system'));

  // Today's presets. old-agent existed when the agent Pods were made and is gone now.
  for (const preset of [DATABASE_NOW, CACHE_TUNING, MESH]) apply(double, preset);
  apply(double, OLD_AGENT);
  remove(double, 'PodPreset', 'old-agent', 'shop');

  // checkout: made when database injected DB_HOST only → outdated.
  aWorkload(double, 'Deployment', 'checkout', 'shop', { app: 'checkout', tier: 'backend' });
  aController(double, 'ReplicaSet', 'checkout-7c9f', 'shop', ['Deployment', 'checkout']);
  for (const name of ['checkout-7c9f-2xk4p', 'checkout-7c9f-9wq7d'])
    aPodMadeByTheWebhook(double, name, 'shop', {
      labels: { app: 'checkout', tier: 'backend' },
      owner: ['ReplicaSet', 'checkout-7c9f'],
      presetsThen: [DATABASE_THEN],
    });

  // frontend: made with today's database preset → current (its annotation value is older: not stale).
  aWorkload(double, 'Deployment', 'frontend', 'shop', { app: 'frontend', tier: 'backend' });
  aController(double, 'ReplicaSet', 'frontend-55d8', 'shop', ['Deployment', 'frontend']);
  aPodMadeByTheWebhook(double, 'frontend-55d8-k2j9x', 'shop', {
    labels: { app: 'frontend', tier: 'backend' },
    owner: ['ReplicaSet', 'frontend-55d8'],
    presetsThen: [DATABASE_NOW],
  });

  // cache: made before cache-tuning existed → missing.
  aWorkload(double, 'StatefulSet', 'cache', 'shop', { app: 'cache' });
  aPodMadeByTheWebhook(double, 'cache-0', 'shop', {
    labels: { app: 'cache' },
    owner: ['StatefulSet', 'cache'],
  });

  // agent: carries old-agent, which is gone → removed.
  aWorkload(double, 'DaemonSet', 'agent', 'shop', { app: 'agent' });
  aPodMadeByTheWebhook(double, 'agent-x7vqk', 'shop', {
    labels: { app: 'agent' },
    owner: ['DaemonSet', 'agent'],
    presetsThen: [OLD_AGENT],
  });

  // report: a CronJob's running Job, made when database said DB_HOST=legacy-db → conflict.
  aController(double, 'CronJob', 'report', 'shop');
  aController(double, 'Job', 'report-29170', 'shop', ['CronJob', 'report']);
  aPodMadeByTheWebhook(double, 'report-29170-5hx2m', 'shop', {
    labels: { app: 'report', tier: 'backend' },
    owner: ['Job', 'report-29170'],
    presetsThen: [DATABASE_LEGACY],
  });
  // …and yesterday's finished run: never reported.
  aController(double, 'Job', 'report-29169', 'shop', ['CronJob', 'report']);
  aPodMadeByTheWebhook(double, 'report-29169-q8s4t', 'shop', {
    labels: { app: 'report', tier: 'backend' },
    owner: ['Job', 'report-29169'],
    phase: 'Succeeded',
  });

  // A bare Pod no preset matches: current.
  aPodMadeByTheWebhook(double, 'debug', 'shop', { labels: { app: 'debug' } });
  // Pods that must never be reported, though presets match them and they carry none.
  const never: Array<[string, string, Record<string, string>]> = [
    ['excluded', 'shop', { 'podpreset.admission.kubernetes.io/exclude': 'true' }],
    ['static-web-node1', 'shop', { 'kubernetes.io/config.mirror': 'abc' }],
  ];
  for (const [name, namespace, annotations] of never)
    aPodMadeByTheWebhook(double, name, namespace, { labels: { tier: 'backend', mesh: 'on' }, annotations });
  aPodMadeByTheWebhook(double, 'coredns-0', 'kube-system', { labels: { mesh: 'on' } });
  aPodMadeByTheWebhook(double, 'old-app', 'legacy', { labels: { mesh: 'on' } });

  // billing: one bare Pod that misses the mesh.
  aPodMadeByTheWebhook(double, 'invoice-run', 'billing', { labels: { mesh: 'on' } });
}
