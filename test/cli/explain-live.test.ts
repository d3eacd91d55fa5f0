/**
 * `podpreset explain KIND/NAME`: a live Pod or workload read from the kubeconfig's cluster (the
 * API double), against the cluster's presets: what is already there, and whether the annotations
 * are current.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExplainResult } from '../../src/core/explain.js';
import { runBuilt } from '../helpers/cli.js';
import { aNamespace, aPodPreset, envPreset } from '../helpers/cluster-fixtures.js';
import { apply, KubeApiDouble, writeKubeconfig } from '../helpers/kube-api-double.js';

let double: KubeApiDouble;
beforeEach(async () => {
  double = await KubeApiDouble.start();
  apply(double, aNamespace('shop'));
  apply(double, aPodPreset('db', 'shop', envPreset({ app: 'web' }, { DB_HOST: 'db' })));
});
afterEach(() => double.close());

const explain = async (...args: string[]) => {
  const run = await runBuilt(['explain', '--kubeconfig', writeKubeconfig(double), '-o', 'json', ...args]);
  return {
    ...run,
    results: run.code === 0 ? (JSON.parse(run.stdout) as { results: ExplainResult[] }).results : [],
  };
};

describe('explain KIND/NAME', () => {
  it('explains a running Pod that already has the preset: unchanged, annotation current', async () => {
    const preset = await (async () => {
      const run = await runBuilt(
        ['preview', '--kubeconfig', writeKubeconfig(double), '-f', '-', '-o', 'json'],
        {
          stdin: JSON.stringify({
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: 'x', namespace: 'shop', labels: { app: 'web' } },
            spec: { containers: [{ name: 'app', image: 'i' }] },
          }),
        },
      );
      return (JSON.parse(run.stdout) as { results: [{ object: Record<string, unknown> }] }).results[0].object;
    })();
    // The Pod as the webhook left it: the preset's env and annotation are there.
    apply(double, { ...preset, metadata: { ...(preset['metadata'] as object), name: 'web-0' } } as never);

    const run = await explain('pod/web-0', '-n', 'shop');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.results).toHaveLength(1);
    const [result] = run.results;
    expect(result).toMatchObject({ kind: 'Pod', namespace: 'shop', name: 'web-0', outcome: 'unchanged' });
    expect(result!.presets).toEqual([
      expect.objectContaining({
        kind: 'PodPreset',
        namespace: 'shop',
        name: 'db',
        matched: true,
        annotation: expect.objectContaining({ current: true }) as unknown,
      }),
    ]);
  });

  it('explains a Deployment named as kubectl names it, in the namespace given', async () => {
    apply(double, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'checkout', namespace: 'shop' },
      spec: {
        selector: { matchLabels: { app: 'api' } },
        template: {
          metadata: { labels: { app: 'api' } },
          spec: { containers: [{ name: 'app', image: 'i' }] },
        },
      },
    } as never);
    const run = await explain('deploy/checkout', '--namespace', 'shop');
    expect(run.code).toBe(0);
    expect(run.results[0]).toMatchObject({ kind: 'Deployment', name: 'checkout', outcome: 'unchanged' });
    expect(run.results[0]!.presets[0]!.reason).toBe(
      'selector does not match: label "app" is "api", not "web"',
    );
  });

  it('exits 2 naming the object when it is not there, and for a kind without a pod template', async () => {
    const missing = await explain('pod/nope', '-n', 'shop');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('pod/nope in namespace shop: not found');
    const wrongKind = await explain('service/web', '-n', 'shop');
    expect(wrongKind.code).toBe(2);
    expect(wrongKind.stderr).toContain('"service" is not a kind with a pod template');
  });

  it('points a file given without -f to -f, before anything is read', async () => {
    const run = await runBuilt(['explain', 'examples/workloads/pod.yaml', '--presets', 'examples/presets']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'podpreset: "examples/workloads/pod.yaml" looks like a file: files are passed with -f (-f examples/workloads/pod.yaml)',
    );
  });

  it('does not suggest --presets to go offline when KIND/NAME needs the cluster anyway', async () => {
    const env = { KUBECONFIG: join(tmpdir(), 'podpreset-no-such-kubeconfig') };
    for (const args of [['pod/web-0'], ['pod/web-0', '--presets', 'examples/presets']]) {
      const run = await runBuilt(['explain', ...args], { env });
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`podpreset: KUBECONFIG ${env.KUBECONFIG}: cannot be read (ENOENT)\n`);
    }
  });
});
