import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mutatePod } from '../../src/admission/mutate-pod.js';
import type { EventTiming } from '../../src/kube/event-aggregator.js';
import { ConflictEventRecorder } from '../../src/kube/event-recorder.js';
import { KubePresetSource } from '../../src/kube/informers.js';
import { apply, KubeApiDouble, kubeConfigFor, list } from '../helpers/kube-api-double.js';
import {
  aClusterPodPreset,
  aPodPreset,
  envPreset,
  podCreate,
  testMetrics,
} from '../helpers/cluster-fixtures.js';
import { captureLog } from '../helpers/log-capture.js';

describe('ConflictEventRecorder', () => {
  let double: KubeApiDouble;
  let source: KubePresetSource;
  let recorder: ConflictEventRecorder | undefined;

  beforeEach(async () => {
    double = await KubeApiDouble.start();
    // A ClusterPodPreset and a PodPreset that disagree on DB: every matching Pod conflicts.
    apply(double, aClusterPodPreset('shared', envPreset({ app: 'web' }, { DB: 'cluster-db' })));
    apply(double, aPodPreset('db', 'team-a', envPreset({ app: 'web' }, { DB: 'team-db' })));
    const log = captureLog('debug');
    source = new KubePresetSource({
      kubeConfig: kubeConfigFor(double),
      logger: log.logger,
      metrics: testMetrics(),
    });
    await source.start();
  });
  afterEach(async () => {
    await recorder?.stop();
    await source.stop();
    await double.close();
  });

  const startRecorder = (timing: Partial<EventTiming> = {}, now?: () => number): ConflictEventRecorder => {
    recorder = new ConflictEventRecorder({
      ...(now ? { now } : {}),
      kubeConfig: kubeConfigFor(double),
      catalog: source.catalog,
      logger: captureLog('debug').logger,
      identity: 'replica-a',
      timing,
    });
    return recorder;
  };
  const admit = (
    r: ConflictEventRecorder,
    request = podCreate('team-a', { app: 'web' }, { generateName: 'web-5d8f-' }),
  ): void => {
    const decision = mutatePod(request, source.catalog);
    expect(decision.evaluation.outcome).toBe('conflict');
    r.observe(request, decision);
  };
  const events = (): Array<Record<string, unknown>> =>
    list(double, 'Event') as Array<Record<string, unknown>>;

  it('records a Warning Event on each preset involved, the ClusterPodPreset one in namespace default', async () => {
    const r = startRecorder();
    admit(r);
    await vi.waitFor(() => expect(events()).toHaveLength(2));
    const byKind = Object.fromEntries(
      events().map((e) => [(e['involvedObject'] as { kind: string }).kind, e]),
    );
    const cluster = source.catalog.get('ClusterPodPreset', 'shared')!;
    const namespaced = source.catalog.get('PodPreset', 'db', 'team-a')!;
    expect(byKind['ClusterPodPreset']).toMatchObject({
      metadata: { namespace: 'default' },
      involvedObject: {
        apiVersion: 'podpreset.dev/v1alpha1',
        kind: 'ClusterPodPreset',
        name: 'shared',
        uid: cluster.uid,
      },
      type: 'Warning',
      reason: 'PresetConflict',
      count: 1,
    });
    expect(byKind['PodPreset']).toMatchObject({
      metadata: { namespace: 'team-a' },
      involvedObject: { kind: 'PodPreset', name: 'db', namespace: 'team-a', uid: namespaced.uid },
    });
    const message = String(byKind['PodPreset']!['message']);
    expect(message).toContain('Pod team-a/web-5d8f-*');
    expect(message).toContain('container app');
    expect(message).toContain('field env');
    expect(message).toContain('key DB');
    expect(message).not.toMatch(/cluster-db|team-db/); // names keys, never values
  });

  it('names a Pod by its name when it has one', async () => {
    const r = startRecorder();
    admit(r, podCreate('team-a', { app: 'web' }, { name: 'web-0' }));
    await vi.waitFor(() => expect(events()).toHaveLength(2));
    expect(events().every((e) => String(e['message']).startsWith('Pod team-a/web-0:'))).toBe(true);
  });

  it('aggregates repeats into the same Event, raising its count with a bounded number of writes', async () => {
    const r = startRecorder({ minIntervalMs: 300 });
    admit(r);
    await vi.waitFor(() => expect(events()).toHaveLength(2));
    for (let i = 0; i < 49; i += 1) admit(r);
    await vi.waitFor(() => expect(events().map((e) => e['count'])).toEqual([50, 50]), { timeout: 3000 });
    expect(double.requestsTo('POST', 'events')).toHaveLength(2);
    // 49 repeats within one interval: one patch per Event.
    expect(double.requestsTo('PATCH', 'events')).toHaveLength(2);
    expect(events()).toHaveLength(2);
  });

  it('keeps within the global write budget', async () => {
    // A stopped clock: the budget of one write per second never refills after the first write.
    const frozen = Date.now();
    const r = startRecorder({ writesPerSecond: 1 }, () => frozen);
    // Ten different Pods: twenty different Events wanted, one written.
    for (let i = 0; i < 10; i += 1) admit(r, podCreate('team-a', { app: 'web' }, { name: `web-${i}` }));
    await vi.waitFor(() => expect(events()).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(double.requestsTo('POST', 'events')).toHaveLength(1);
  });

  it('records nothing for a dryRun request', async () => {
    const r = startRecorder();
    admit(r, podCreate('team-a', { app: 'web' }, { name: 'dry', dryRun: true }));
    admit(r, podCreate('team-a', { app: 'web' }, { name: 'real' }));
    await vi.waitFor(() => expect(events()).toHaveLength(2));
    expect(events().every((e) => String(e['message']).includes('team-a/real'))).toBe(true);
  });

  it('never throws into admission when the API fails', async () => {
    double.failWith(500);
    const r = startRecorder();
    expect(() => admit(r)).not.toThrow();
    await vi.waitFor(() => expect(double.requestsTo('POST', 'events').length).toBeGreaterThan(0));
    expect(events()).toHaveLength(0);
  });
});
