import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startClusterMode, type ClusterMode } from '../../src/kube/cluster-mode.js';
import { apply, get, KubeApiDouble, writeKubeconfig, type StoredObject } from '../helpers/kube-api-double.js';
import {
  aClusterPodPreset,
  aPodPreset,
  envPreset,
  FAST_TIMING,
  testMetrics,
} from '../helpers/cluster-fixtures.js';
import { captureLog, type CapturedLog } from '../helpers/log-capture.js';

const LEASE = { namespace: 'podpreset-system', name: 'podpreset-status-writer' };

interface Instance {
  readonly mode: ClusterMode;
  readonly log: CapturedLog;
  readonly token: string;
}

type Status = { observedGeneration?: number; conditions?: Array<Record<string, unknown>> };
const statusOf = (object: StoredObject | undefined): Status => (object?.['status'] ?? {}) as Status;

describe('cluster mode', () => {
  let double: KubeApiDouble;
  const instances: Instance[] = [];

  beforeEach(async () => {
    double = await KubeApiDouble.start();
  });
  afterEach(async () => {
    await Promise.all(instances.splice(0).map((i) => i.mode.stop()));
    await double.close();
  });

  const start = async (identity: string, options: { lease?: boolean } = {}): Promise<Instance> => {
    const log = captureLog('debug');
    const mode = await startClusterMode({
      kubeconfig: writeKubeconfig(double, identity),
      webhookConfigs: [],
      ...(options.lease === false ? {} : { lease: LEASE }),
      dnsNames: ['podpreset-webhook.podpreset-system.svc'],
      identity,
      logger: log.logger,
      metrics: testMetrics(),
      timing: FAST_TIMING,
    });
    const instance = { mode, log, token: identity };
    instances.push(instance);
    return instance;
  };
  const statusWriters = (): Set<string | undefined> =>
    new Set(double.requestsTo('PATCH', undefined, 'status').map((r) => r.token));

  it('writes Ready True with observedGeneration for a valid preset, and Ready False with the problems for an invalid one', async () => {
    apply(double, aPodPreset('db', 'team-a', envPreset({ app: 'web' }, { DB: 'x' })));
    apply(double, aClusterPodPreset('broken', { selector: { matchLabels: { app: 'web' } } }));
    const { mode } = await start('replica-a');
    await mode.presets.start();
    expect(mode.presets.isReady()).toBe(true);

    await vi.waitFor(() => {
      expect(statusOf(get(double, 'PodPreset', 'db', 'team-a'))).toMatchObject({
        observedGeneration: 1,
        conditions: [{ type: 'Ready', status: 'True', reason: 'Valid', observedGeneration: 1 }],
      });
      expect(statusOf(get(double, 'ClusterPodPreset', 'broken'))).toMatchObject({
        observedGeneration: 1,
        conditions: [{ type: 'Ready', status: 'False', reason: 'Invalid' }],
      });
    });
    const broken = statusOf(get(double, 'ClusterPodPreset', 'broken')).conditions![0]!;
    expect(broken['message']).toMatch(/env, envFrom, volumes or volumeMounts|at least one/);
    expect(mode.presets.catalog.matching('team-a', { app: 'web' }).map((p) => p.name)).toEqual(['db']);

    // Status went through the subresource, as merge patches; spec and generation are untouched.
    const writes = double.requestsTo('PATCH', undefined, 'status');
    expect(writes).toHaveLength(2);
    expect(writes.every((w) => w.contentType === 'application/merge-patch+json')).toBe(true);
    expect(get(double, 'PodPreset', 'db', 'team-a')?.metadata.generation).toBe(1);
  });

  it('updates observedGeneration on a spec change, keeps lastTransitionTime while Ready does not change, and does not write in a loop', async () => {
    apply(double, aPodPreset('db', 'team-a', envPreset({}, { DB: 'x' })));
    const { mode } = await start('replica-a');
    await mode.presets.start();
    await vi.waitFor(() =>
      expect(statusOf(get(double, 'PodPreset', 'db', 'team-a')).observedGeneration).toBe(1),
    );
    const firstTransition = statusOf(get(double, 'PodPreset', 'db', 'team-a')).conditions![0]![
      'lastTransitionTime'
    ];

    apply(double, aPodPreset('db', 'team-a', envPreset({}, { DB: 'y' })));
    await vi.waitFor(() =>
      expect(statusOf(get(double, 'PodPreset', 'db', 'team-a')).observedGeneration).toBe(2),
    );
    expect(statusOf(get(double, 'PodPreset', 'db', 'team-a')).conditions![0]!['lastTransitionTime']).toBe(
      firstTransition,
    );

    apply(double, aPodPreset('db', 'team-a', { selector: {} }));
    await vi.waitFor(() =>
      expect(statusOf(get(double, 'PodPreset', 'db', 'team-a')).conditions![0]).toMatchObject({
        status: 'False',
        observedGeneration: 3,
      }),
    );
    // Each status write comes back as a MODIFIED event; none of them may cause another write.
    const writes = double.requestsTo('PATCH', 'podpresets', 'status').length;
    expect(writes).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 200)); // ten debounce periods
    expect(double.requestsTo('PATCH', 'podpresets', 'status')).toHaveLength(writes);
  });

  it('elects one status writer among two replicas, and the other takes over when the leader stops', async () => {
    const a = await start('replica-a');
    const b = await start('replica-b');
    await Promise.all([a.mode.presets.start(), b.mode.presets.start()]);
    await vi.waitFor(() => expect(get(double, 'Lease', LEASE.name, LEASE.namespace)?.['spec']).toBeDefined());
    apply(double, aPodPreset('one', 'team-a', envPreset({}, { A: '1' })));
    apply(double, aPodPreset('two', 'team-a', envPreset({}, { B: '1' })));
    await vi.waitFor(() => {
      expect(statusOf(get(double, 'PodPreset', 'one', 'team-a')).observedGeneration).toBe(1);
      expect(statusOf(get(double, 'PodPreset', 'two', 'team-a')).observedGeneration).toBe(1);
    });
    const lease = get(double, 'Lease', LEASE.name, LEASE.namespace)!['spec'] as Record<string, unknown>;
    const leader = lease['holderIdentity'] === 'replica-a' ? a : b;
    const follower = leader === a ? b : a;
    expect(statusWriters()).toEqual(new Set([leader.token]));
    expect(lease['renewTime']).toMatch(/\.\d{6}Z$/);
    expect(leader.log.messages()).toContain('leader lease acquired');
    expect(follower.log.messages()).not.toContain('leader lease acquired');

    await leader.mode.stop();
    instances.splice(instances.indexOf(leader), 1);
    await vi.waitFor(() => expect(follower.log.messages()).toContain('leader lease acquired'));
    apply(double, aPodPreset('three', 'team-a', envPreset({}, { C: '1' })));
    await vi.waitFor(() =>
      expect(statusOf(get(double, 'PodPreset', 'three', 'team-a')).observedGeneration).toBe(1),
    );
    expect(double.requestsTo('PATCH', 'podpresets', 'status').at(-1)?.token).toBe(follower.token);
    const after = get(double, 'Lease', LEASE.name, LEASE.namespace)!['spec'] as Record<string, unknown>;
    expect(after).toMatchObject({ holderIdentity: follower.token, leaseTransitions: 1 });
  });

  it('takes over from a leader that died without releasing, once its lease has expired', async () => {
    apply(double, {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: LEASE.name, namespace: LEASE.namespace },
      spec: {
        holderIdentity: 'crashed',
        leaseDurationSeconds: 1,
        renewTime: '2020-01-01T00:00:00.000000Z',
        leaseTransitions: 4,
      },
    });
    const a = await start('replica-a');
    // Expired by this replica's own clock: a full lease duration (1 s) after it first saw the record.
    await vi.waitFor(() => expect(a.log.messages()).toContain('leader lease acquired'), { timeout: 5000 });
    expect(get(double, 'Lease', LEASE.name, LEASE.namespace)!['spec']).toMatchObject({
      holderIdentity: 'replica-a',
      leaseTransitions: 5,
    });
  });

  it('writes no status without a lease, and says so', async () => {
    apply(double, aPodPreset('db', 'team-a', envPreset({}, { DB: 'x' })));
    const { mode, log } = await start('replica-a', { lease: false });
    await mode.presets.start();
    const said = log.lines().filter((l) => l['msg'] === 'no --lease given: preset status is not written');
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ level: 40, fix: expect.stringContaining('--lease=NAMESPACE/NAME') });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(double.requestsTo('PATCH', undefined, 'status')).toHaveLength(0);
    expect(double.requestsTo('GET', 'leases')).toHaveLength(0);
    expect(mode.certificates).toBeUndefined();
  });
});
