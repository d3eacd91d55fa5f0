import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPresets } from '../../src/core/load.js';
import { readClusterPresets } from '../../src/kube/read-cluster.js';
import { apply, KubeApiDouble, kubeconfigObject, writeKubeconfig } from '../helpers/kube-api-double.js';
import { aClusterPodPreset, aNamespace, aPodPreset, envPreset } from '../helpers/cluster-fixtures.js';

describe('readClusterPresets', () => {
  let double: KubeApiDouble;
  beforeEach(async () => {
    double = await KubeApiDouble.start();
  });
  afterEach(async () => {
    await double.close();
  });

  it('returns PodPresets, ClusterPodPresets and Namespaces as plain objects, with one list call each', async () => {
    apply(double, aNamespace('team-a', { tier: 'gold' }));
    apply(double, aPodPreset('db', 'team-a', envPreset({}, { DB: 'x' })));
    apply(
      double,
      aClusterPodPreset('gold', {
        namespaceSelector: { matchLabels: { tier: 'gold' } },
        ...envPreset({}, { T: '1' }),
      }),
    );
    const { documents, namespace } = await readClusterPresets({ kubeconfig: writeKubeconfig(double) });
    expect(namespace).toBeUndefined();
    expect(documents.map((d) => d.source)).toEqual([
      'cluster: Namespace team-a',
      'cluster: ClusterPodPreset gold',
      'cluster: PodPreset team-a/db',
    ]);
    expect(documents[0]!.object).toMatchObject({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { labels: { tier: 'gold' } },
    });
    expect(documents.every((d) => Object.getPrototypeOf(d.object) === Object.prototype)).toBe(true);
    expect(double.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'GET /api/v1/namespaces',
      'GET /apis/podpreset.dev/v1alpha1/clusterpodpresets',
      'GET /apis/podpreset.dev/v1alpha1/podpresets',
    ]);

    const loaded = loadPresets(documents);
    expect(loaded.invalid).toEqual([]);
    expect(loaded.presets.map((p) => p.name).sort()).toEqual(['db', 'gold']);
    expect(loaded.namespaces.get('team-a')).toEqual({ tier: 'gold' });
  });

  it('names the context when the cluster cannot be reached', async () => {
    const kubeconfig = writeKubeconfig(double);
    await double.down();
    await expect(readClusterPresets({ kubeconfig })).rejects.toThrow(
      /^cannot reach the cluster of context double: /,
    );
  });

  it('says what the API server answered when it refuses', async () => {
    double.failWith(403);
    await expect(readClusterPresets({ kubeconfig: writeKubeconfig(double) })).rejects.toThrow(
      /^cannot read presets from the cluster of context double: 403/,
    );
  });

  /** A kubeconfig with two contexts on the double: `double` (current, namespace shop) and `other` (none). */
  function twoContexts(): string {
    const config = kubeconfigObject(double) as { contexts: { name: string; context: object }[] };
    config.contexts = [
      { name: 'double', context: { cluster: 'double', user: 'tester', namespace: 'shop' } },
      { name: 'other', context: { cluster: 'double', user: 'tester' } },
    ];
    const path = join(mkdtempSync(join(tmpdir(), 'podpreset-kube-')), 'kubeconfig');
    writeFileSync(path, JSON.stringify(config));
    return path;
  }

  it("gives the current context's namespace, and --context selects another context", async () => {
    const kubeconfig = twoContexts();
    expect((await readClusterPresets({ kubeconfig })).namespace).toBe('shop');
    expect((await readClusterPresets({ kubeconfig, context: 'other' })).namespace).toBeUndefined();
    await double.down();
    await expect(readClusterPresets({ kubeconfig, context: 'other' })).rejects.toThrow(
      /^cannot reach the cluster of context other: /,
    );
  });

  it('names the --kubeconfig file it cannot read, or cannot parse', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'podpreset-kube-'));
    const missing = join(dir, 'missing');
    await expect(readClusterPresets({ kubeconfig: missing })).rejects.toThrow(
      `--kubeconfig ${missing}: cannot be read (ENOENT)`,
    );
    const garbled = join(dir, 'garbled');
    writeFileSync(garbled, 'clusters: [unclosed');
    await expect(readClusterPresets({ kubeconfig: garbled })).rejects.toThrow(
      new RegExp(`^--kubeconfig ${garbled}: not a kubeconfig \\(`),
    );
  });

  it('names KUBECONFIG when the file it names cannot be read (client-node says only ENOENT)', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'podpreset-kube-')), 'missing');
    const saved = process.env['KUBECONFIG'];
    process.env['KUBECONFIG'] = missing;
    try {
      await expect(readClusterPresets({})).rejects.toThrow(`KUBECONFIG ${missing}: cannot be read (ENOENT)`);
    } finally {
      if (saved === undefined) delete process.env['KUBECONFIG'];
      else process.env['KUBECONFIG'] = saved;
    }
  });

  it('refuses a context the kubeconfig does not have, naming those it has', async () => {
    await expect(readClusterPresets({ kubeconfig: twoContexts(), context: 'prod' })).rejects.toThrow(
      'context "prod" is not in the kubeconfig (it has: double, other)',
    );
  });
});
