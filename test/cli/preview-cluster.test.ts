/** `podpreset preview` without --presets: presets and namespace labels from the kubeconfig's cluster. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { aPod } from '../helpers/builders.js';
import { runBuilt } from '../helpers/cli.js';
import { aClusterPodPreset, aNamespace, aPodPreset, envPreset } from '../helpers/cluster-fixtures.js';
import { apply, KubeApiDouble, kubeconfigObject, writeKubeconfig } from '../helpers/kube-api-double.js';

let double: KubeApiDouble;
beforeEach(async () => {
  double = await KubeApiDouble.start();
});
afterEach(async () => {
  await double.close();
});

const pod = stringify({
  ...aPod({ labels: { app: 'web' } }),
  metadata: { name: 'web', namespace: 'team-a', labels: { app: 'web' } },
});

it('the built CLI previews against the cluster of KUBECONFIG, namespace labels included', async () => {
  apply(double, aNamespace('team-a', { tier: 'gold' }));
  apply(double, aPodPreset('db', 'team-a', envPreset({ app: 'web' }, { DB_HOST: 'db' })));
  apply(
    double,
    aClusterPodPreset('gold', {
      namespaceSelector: { matchLabels: { tier: 'gold' } },
      ...envPreset({}, { TIER: 'gold' }),
    }),
  );
  apply(
    double,
    aClusterPodPreset('silver', {
      namespaceSelector: { matchLabels: { tier: 'silver' } },
      ...envPreset({}, { TIER: 'silver' }),
    }),
  );

  const run = await runBuilt(['preview', '-f', '-', '-o', 'json'], {
    stdin: pod,
    env: { KUBECONFIG: writeKubeconfig(double) },
  });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const [result] = (
    JSON.parse(run.stdout) as { results: { outcome: string; applied: { kind: string; name: string }[] }[] }
  ).results;
  expect(result!.outcome).toBe('mutated');
  expect(result!.applied.map((a) => `${a.kind}/${a.name}`)).toEqual([
    'ClusterPodPreset/gold',
    'PodPreset/db',
  ]);
});

it('--kubeconfig names the cluster to read', async () => {
  apply(double, aPodPreset('db', 'team-a', envPreset({}, { DB_HOST: 'db' })));
  const run = await runBuilt(['preview', '-f', '-', '--kubeconfig', writeKubeconfig(double), '-o', 'json'], {
    stdin: pod,
    env: { KUBECONFIG: '/nonexistent' },
  });
  expect(run.code).toBe(0);
  expect(JSON.parse(run.stdout)).toMatchObject({ results: [{ outcome: 'mutated' }] });
});

it('an unreachable cluster exits 2 with a message naming the context, no stack trace', async () => {
  const kubeconfig = writeKubeconfig(double);
  await double.down();
  const run = await runBuilt(['preview', '-f', '-', '--kubeconfig', kubeconfig], { stdin: pod });
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(
    /^podpreset: cannot reach the cluster of context double: .*\(pass --presets PATH to preview offline\)\n$/,
  );
});

it('a namespace labelled podpreset.dev/injection=disabled in the cluster is previewed unchanged, with why', async () => {
  apply(double, aNamespace('team-a', { 'podpreset.dev/injection': 'disabled' }));
  apply(double, aPodPreset('db', 'team-a', envPreset({ app: 'web' }, { DB_HOST: 'db' })));
  const run = await runBuilt(['preview', '-f', '-', '-o', 'json'], {
    stdin: pod,
    env: { KUBECONFIG: writeKubeconfig(double) },
  });
  expect(run.code).toBe(0);
  const [result] = (JSON.parse(run.stdout) as { results: { outcome: string; reason: string }[] }).results;
  expect(result).toMatchObject({ outcome: 'unchanged' });
  expect(result!.reason).toContain('namespace team-a is labelled podpreset.dev/injection=disabled');
});

it('--context picks the context, and its namespace is the default namespace (as kubectl)', async () => {
  apply(double, aPodPreset('db', 'team-a', envPreset({ app: 'web' }, { DB_HOST: 'db' })));
  const config = kubeconfigObject(double) as { contexts: { name: string; context: object }[] };
  config.contexts = [
    { name: 'double', context: { cluster: 'double', user: 'tester' } },
    { name: 'team-a', context: { cluster: 'double', user: 'tester', namespace: 'team-a' } },
  ];
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'podpreset-kube-')), 'kubeconfig');
  writeFileSync(kubeconfig, JSON.stringify(config));
  const bare = stringify({
    ...aPod({ labels: { app: 'web' } }),
    metadata: { name: 'web', labels: { app: 'web' } },
  });

  const run = (args: string[]) =>
    runBuilt(['preview', '-f', '-', '-o', 'json', ...args], { stdin: bare, env: { KUBECONFIG: kubeconfig } });
  const outcome = async (args: string[]) => {
    const result = await run(args);
    expect(result.stderr).toBe('');
    return (JSON.parse(result.stdout) as { results: { namespace: string; outcome: string }[] }).results[0];
  };
  expect(await outcome([])).toMatchObject({ namespace: 'default', outcome: 'unchanged' });
  expect(await outcome(['--context', 'team-a'])).toMatchObject({ namespace: 'team-a', outcome: 'mutated' });
  expect(await outcome(['--context=team-a', '-n', 'default'])).toMatchObject({ namespace: 'default' });
});
