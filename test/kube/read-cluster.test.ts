import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPresets } from '../../src/core/load.js';
import { readClusterPresets } from '../../src/kube/read-cluster.js';
import { apply, KubeApiDouble, writeKubeconfig } from '../helpers/kube-api-double.js';
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
    const documents = await readClusterPresets(writeKubeconfig(double));
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
    await expect(readClusterPresets(kubeconfig)).rejects.toThrow(
      /^cannot reach the cluster of context double: /,
    );
  });

  it('says what the API server answered when it refuses', async () => {
    double.failWith(403);
    await expect(readClusterPresets(writeKubeconfig(double))).rejects.toThrow(
      /^cannot read presets from the cluster of context double: 403/,
    );
  });
});
