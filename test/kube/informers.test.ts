import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mutatePod } from '../../src/admission/mutate-pod.js';
import { KubePresetSource } from '../../src/kube/informers.js';
import type { Metrics } from '../../src/observability/metrics.js';
import { apply, KubeApiDouble, kubeConfigFor, remove } from '../helpers/kube-api-double.js';
import {
  aClusterPodPreset,
  aNamespace,
  aPodPreset,
  envPreset,
  metricValue,
  podCreate,
  testMetrics,
} from '../helpers/cluster-fixtures.js';
import { captureLog, type CapturedLog } from '../helpers/log-capture.js';

const FAST = { restartInitialMs: 20, restartMaxMs: 100 };

describe('KubePresetSource', () => {
  let double: KubeApiDouble;
  let source: KubePresetSource | undefined;
  let log: CapturedLog;
  let metrics: Metrics;

  beforeEach(async () => {
    double = await KubeApiDouble.start();
    log = captureLog('debug');
    metrics = testMetrics();
  });
  afterEach(async () => {
    await source?.stop();
    source = undefined;
    await double.close();
  });

  const startSource = (): KubePresetSource => {
    source = new KubePresetSource({
      kubeConfig: kubeConfigFor(double),
      logger: log.logger,
      metrics,
      timing: FAST,
    });
    return source;
  };
  const names = (namespace: string, labels: Record<string, string>): string[] =>
    source!.catalog.matching(namespace, labels).map((p) => `${p.kind}/${p.name}`);

  it('is ready after the initial list and watch of presets, cluster presets and namespaces', async () => {
    apply(double, aNamespace('team-a', { tier: 'gold' }));
    apply(double, aPodPreset('db', 'team-a', envPreset({ app: 'web' }, { DB: 'db:5432' })));
    apply(
      double,
      aClusterPodPreset('gold', {
        namespaceSelector: { matchLabels: { tier: 'gold' } },
        ...envPreset({}, { TIER: 'gold' }),
      }),
    );
    const s = startSource();
    expect(s.isReady()).toBe(false);
    await s.start();
    expect(s.isReady()).toBe(true);
    expect(names('team-a', { app: 'web' })).toEqual(['ClusterPodPreset/gold', 'PodPreset/db']);
    expect(names('team-b', { app: 'web' })).toEqual([]);
    expect(
      double
        .requestsTo('GET')
        .filter((r) => !r.watch)
        .map((r) => r.path)
        .sort(),
    ).toEqual([
      '/api/v1/namespaces',
      '/apis/podpreset.dev/v1alpha1/clusterpodpresets',
      '/apis/podpreset.dev/v1alpha1/podpresets',
    ]);
    expect(await metricValue(metrics, 'podpreset_presets_loaded', { kind: 'PodPreset' })).toBe(1);
    expect(await metricValue(metrics, 'podpreset_source_synced', { resource: 'namespaces' })).toBe(1);
  });

  it('reflects adds, updates and deletes in admissions, without calling the API per request', async () => {
    const s = startSource();
    await s.start();
    apply(double, aPodPreset('db', 'team-a', envPreset({ app: 'web' }, { DB: 'one' })));
    await vi.waitFor(() => expect(names('team-a', { app: 'web' })).toEqual(['PodPreset/db']));

    const before = double.requests.length;
    const decision = mutatePod(podCreate('team-a', { app: 'web' }, { name: 'p' }), s.catalog);
    expect(decision.evaluation.outcome).toBe('mutated');
    expect(decision.evaluation.patch).toContainEqual(
      expect.objectContaining({ path: '/spec/containers/0/env', value: [{ name: 'DB', value: 'one' }] }),
    );
    expect(double.requests.length).toBe(before);

    apply(double, aPodPreset('db', 'team-a', envPreset({ app: 'web' }, { DB: 'two' })));
    await vi.waitFor(() =>
      expect(mutatePod(podCreate('team-a', { app: 'web' }), s.catalog).evaluation.patch).toContainEqual(
        expect.objectContaining({ value: [{ name: 'DB', value: 'two' }] }),
      ),
    );
    remove(double, 'PodPreset', 'db', 'team-a');
    await vi.waitFor(() => expect(names('team-a', { app: 'web' })).toEqual([]));
    expect(mutatePod(podCreate('team-a', { app: 'web' }), s.catalog).evaluation.outcome).toBe('unchanged');
  });

  it('follows namespace labels for ClusterPodPreset namespaceSelectors', async () => {
    apply(
      double,
      aClusterPodPreset('gold', {
        namespaceSelector: { matchLabels: { tier: 'gold' } },
        ...envPreset({}, { TIER: 'gold' }),
      }),
    );
    apply(double, aNamespace('team-a'));
    const s = startSource();
    await s.start();
    expect(names('team-a', {})).toEqual([]);
    apply(double, aNamespace('team-a', { tier: 'gold' }));
    await vi.waitFor(() => expect(names('team-a', {})).toEqual(['ClusterPodPreset/gold']));
    remove(double, 'Namespace', 'team-a');
    await vi.waitFor(() => expect(names('team-a', {})).toEqual([]));
    remove(double, 'ClusterPodPreset', 'gold');
    apply(double, aNamespace('team-a', { tier: 'gold' }));
    await vi.waitFor(() => expect(s.catalog.labelsOf('team-a')['tier']).toBe('gold'));
    expect(names('team-a', {})).toEqual([]);
  });

  it('skips an invalid preset, and stops applying one that an update made invalid', async () => {
    apply(
      double,
      aPodPreset('bad', 'team-a', {
        selector: { matchExpressions: [{ key: 'a', operator: 'Near' }] },
        env: [{ name: 'X', value: '1' }],
      }),
    );
    apply(double, aPodPreset('good', 'team-a', envPreset({}, { G: '1' })));
    const s = startSource();
    await s.start();
    expect(names('team-a', {})).toEqual(['PodPreset/good']);
    expect(s.presetState('PodPreset', 'bad', 'team-a')?.problems?.join()).toMatch(/operator/);
    expect(await metricValue(metrics, 'podpreset_presets_invalid')).toBe(1);
    expect(log.lines().filter((l) => l['msg'] === 'invalid preset skipped')).toHaveLength(1);

    apply(double, aPodPreset('good', 'team-a', { selector: {} }));
    await vi.waitFor(() => expect(names('team-a', {})).toEqual([]));
    expect(await metricValue(metrics, 'podpreset_presets_invalid')).toBe(2);
  });

  it('reconnects after a dropped watch and sees what changed meanwhile, deletes included', async () => {
    apply(double, aPodPreset('stays', 'team-a', envPreset({}, { A: '1' })));
    apply(double, aPodPreset('goes', 'team-a', envPreset({}, { B: '1' })));
    const s = startSource();
    await s.start();
    await double.down();
    apply(double, aPodPreset('added', 'team-a', envPreset({}, { C: '1' })));
    remove(double, 'PodPreset', 'goes', 'team-a');
    await vi.waitFor(() => expect(s.isSynced()).toBe(false));
    expect(s.isReady()).toBe(true);
    expect(names('team-a', {})).toEqual(['PodPreset/goes', 'PodPreset/stays']);
    await double.listen();
    await vi.waitFor(() => expect(names('team-a', {})).toEqual(['PodPreset/added', 'PodPreset/stays']));
    await vi.waitFor(() => expect(s.isSynced()).toBe(true));
    expect(log.messages()).toContain(
      'informer disconnected; serving the last synced presets and reconnecting',
    );
    expect(
      await metricValue(metrics, 'podpreset_source_restarts_total', { resource: 'podpresets' }),
    ).toBeGreaterThan(0);
  });

  it.each(['event', 'status'] as const)(
    'relists after 410 Gone (as a watch %s) when its history was compacted',
    async (goneAs) => {
      await double.close();
      double = await KubeApiDouble.start({ goneAs });
      apply(double, aPodPreset('goes', 'team-a', envPreset({}, { B: '1' })));
      const s = startSource();
      await s.start();
      await double.down();
      remove(double, 'PodPreset', 'goes', 'team-a');
      apply(double, aPodPreset('added', 'team-a', envPreset({}, { C: '1' })));
      double.store.compact();
      const listsBefore = double.requestsTo('GET', 'podpresets').filter((r) => !r.watch).length;
      await double.listen();
      await vi.waitFor(() => expect(names('team-a', {})).toEqual(['PodPreset/added']));
      expect(double.requestsTo('GET', 'podpresets').filter((r) => !r.watch).length).toBe(listsBefore + 1);
    },
  );

  it('re-watches from where it was when the server ends a watch cleanly', async () => {
    const s = startSource();
    await s.start();
    double.endWatches();
    apply(double, aPodPreset('later', 'team-a', envPreset({}, { C: '1' })));
    await vi.waitFor(() => expect(names('team-a', {})).toEqual(['PodPreset/later']));
    expect(double.requestsTo('GET', 'podpresets').filter((r) => !r.watch)).toHaveLength(1);
  });

  it('is not ready while the API server is down at start, and becomes ready when it comes up', async () => {
    await double.down();
    const s = startSource();
    const started = s.start();
    await vi.waitFor(() =>
      expect(log.messages()).toContain(
        'informer disconnected; serving the last synced presets and reconnecting',
      ),
    );
    expect(s.isReady()).toBe(false);
    apply(double, aPodPreset('db', 'team-a', envPreset({}, { A: '1' })));
    await double.listen();
    await started;
    expect(s.isReady()).toBe(true);
    expect(names('team-a', {})).toEqual(['PodPreset/db']);
  });

  it('keeps serving the last synced presets while the API server answers 500, then recovers', async () => {
    apply(double, aPodPreset('db', 'team-a', envPreset({}, { A: '1' })));
    const s = startSource();
    await s.start();
    double.failWith(500);
    await vi.waitFor(async () =>
      expect(await metricValue(metrics, 'podpreset_source_synced', { resource: 'podpresets' })).toBe(0),
    );
    expect(s.isReady()).toBe(true);
    expect(mutatePod(podCreate('team-a', {}), s.catalog).evaluation.outcome).toBe('mutated');
    double.failWith(undefined);
    await vi.waitFor(async () =>
      expect(await metricValue(metrics, 'podpreset_source_synced', { resource: 'podpresets' })).toBe(1),
    );
    apply(double, aPodPreset('db', 'team-a', envPreset({}, { A: '2' })));
    await vi.waitFor(() =>
      expect(mutatePod(podCreate('team-a', {}), s.catalog).evaluation.patch).toContainEqual(
        expect.objectContaining({ value: [{ name: 'A', value: '2' }] }),
      ),
    );
  });

  it('stays stopped after stop(), although stopping aborts the watches', async () => {
    const s = startSource();
    await s.start();
    await s.stop();
    const count = double.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(double.requests.length).toBe(count);
    expect(double.openWatches).toBe(0);
    expect(log.messages()).not.toContain(
      'informer disconnected; serving the last synced presets and reconnecting',
    );
    source = undefined;
  });
  it('syncs although a change listener throws on every preset, and says so in the log', async () => {
    apply(double, aNamespace('team-a'));
    apply(double, aPodPreset('db', 'team-a', envPreset({ app: 'web' }, { DB: 'db:5432' })));
    const s = startSource();
    s.onChange(() => {
      throw new Error('listener failed');
    });
    await s.start();
    expect(names('team-a', { app: 'web' })).toEqual(['PodPreset/db']);
    expect(log.lines()).toContainEqual(
      expect.objectContaining({
        msg: 'informer event not fully applied',
        resource: 'podpresets',
        name: 'db',
      }),
    );
  });
});
