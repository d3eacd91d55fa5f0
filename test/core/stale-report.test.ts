/** Grouping by top owner and the rollout plan (docs/SPEC.md §10), on listed objects as the API server returns them. */
import { describe, expect, it } from 'vitest';
import { OwnerIndex } from '../../src/core/owners.js';
import { rolloutPlan } from '../../src/core/rollout-plan.js';
import { rolloutStatus } from '../../src/core/rollout-status.js';
import { staleReport } from '../../src/core/stale-report.js';
import type { LivePod } from '../../src/core/staleness.js';
import type { KubeObject } from '../../src/core/types.js';
import { aPod, aPreset, catalogOf } from '../helpers/builders.js';

const owned = (kind: string, name: string) => [
  { apiVersion: 'v1', kind, name, uid: `${name}-uid`, controller: true },
];

function pod(name: string, owner?: [string, string], phase = 'Running'): LivePod {
  const base = aPod();
  return {
    ...base,
    metadata: {
      ...base.metadata,
      name,
      namespace: 'shop',
      ...(owner ? { ownerReferences: owned(...owner) } : {}),
    },
    status: { phase },
  };
}

const controller = (kind: string, name: string, owner?: [string, string]): KubeObject => ({
  kind,
  metadata: { name, namespace: 'shop', ...(owner ? { ownerReferences: owned(...owner) } : {}) },
});

const missingEverywhere = catalogOf(
  aPreset('db', { env: [{ name: 'DB', value: 'x' }] }, { namespace: 'shop' }),
);

describe('staleReport', () => {
  it('groups Pods by their top owner and counts every reportable Pod', () => {
    const owners = new OwnerIndex();
    owners.add(controller('ReplicaSet', 'web-5d9', ['Deployment', 'web']));
    owners.add(controller('Job', 'report-28', ['CronJob', 'report']));
    owners.add(controller('ReplicaSet', 'orphan-rs'));
    const pods = [
      pod('web-5d9-a', ['ReplicaSet', 'web-5d9']),
      pod('web-5d9-b', ['ReplicaSet', 'web-5d9']),
      pod('web-5d9-c', ['ReplicaSet', 'web-5d9'], 'Succeeded'),
      pod('report-28-x', ['Job', 'report-28']),
      pod('db-0', ['StatefulSet', 'db']),
      pod('agent-q', ['DaemonSet', 'agent']),
      pod('orphan-rs-z', ['ReplicaSet', 'orphan-rs']),
      pod('gone-rs-y', ['ReplicaSet', 'not-listed']),
      pod('debug'),
    ];
    const report = staleReport(pods, owners, missingEverywhere);
    expect(report.map((w) => `${w.kind}/${w.name} ${w.pods}`)).toEqual([
      'CronJob/report 1',
      'DaemonSet/agent 1',
      'Deployment/web 2',
      'Pod/debug 1',
      'ReplicaSet/not-listed 1',
      'ReplicaSet/orphan-rs 1',
      'StatefulSet/db 1',
    ]);
    expect(report.find((w) => w.name === 'web')!.stale).toEqual([
      { pod: 'web-5d9-a', reason: 'missing', preset: 'PodPreset/db', message: expect.any(String) },
      { pod: 'web-5d9-b', reason: 'missing', preset: 'PodPreset/db', message: expect.any(String) },
    ]);
  });

  it('lists no workload whose Pods are all current', () => {
    expect(staleReport([pod('debug')], new OwnerIndex(), catalogOf())).toEqual([]);
  });
});

describe('rolloutPlan', () => {
  const report = staleReport(
    [
      pod('web-a', ['Deployment', 'web']),
      pod('db-0', ['StatefulSet', 'db']),
      pod('agent-q', ['DaemonSet', 'agent']),
      pod('legacy-0', ['StatefulSet', 'legacy']),
      pod('paused-a', ['Deployment', 'paused']),
      pod('report-x', ['Job', 'report']),
      pod('debug'),
    ],
    new OwnerIndex(),
    missingEverywhere,
  );
  const listed: Record<string, KubeObject> = {
    'Deployment/web': { kind: 'Deployment', spec: {} },
    'StatefulSet/db': { kind: 'StatefulSet', spec: { updateStrategy: { type: 'RollingUpdate' } } },
    'DaemonSet/agent': { kind: 'DaemonSet', spec: {} },
    'StatefulSet/legacy': { kind: 'StatefulSet', spec: { updateStrategy: { type: 'OnDelete' } } },
    'Deployment/paused': { kind: 'Deployment', spec: { paused: true } },
  };
  const plan = rolloutPlan(report, (ref) => listed[`${ref.kind}/${ref.name}`]);

  it('restarts the Deployments, StatefulSets and DaemonSets a restart rolls out, saying why', () => {
    expect(plan.restart).toEqual([
      {
        kind: 'DaemonSet',
        namespace: 'shop',
        name: 'agent',
        reason: '1 of 1 Pods stale: missing PodPreset/db',
      },
      {
        kind: 'Deployment',
        namespace: 'shop',
        name: 'web',
        reason: '1 of 1 Pods stale: missing PodPreset/db',
      },
      {
        kind: 'StatefulSet',
        namespace: 'shop',
        name: 'db',
        reason: '1 of 1 Pods stale: missing PodPreset/db',
      },
    ]);
  });

  it('leaves bare Pods, Jobs, paused Deployments and OnDelete workloads to a person, with the step', () => {
    expect(plan.manual.map((w) => `${w.kind}/${w.name}: ${w.reason.split('; ')[1]}`)).toEqual([
      'Deployment/paused: the Deployment is paused: resume it (kubectl rollout resume) first',
      "Job/report: a Job's Pods are never restarted: let it finish, or delete it and create it again",
      'Pod/debug: a bare Pod is never restarted: delete and recreate it',
      'StatefulSet/legacy: updateStrategy OnDelete: its Pods are replaced only when deleted',
    ]);
  });
});

describe('rolloutStatus (the conditions of kubectl rollout status)', () => {
  const deployment = (status: object, generation = 2): KubeObject => ({
    kind: 'Deployment',
    metadata: { generation },
    spec: { replicas: 3 },
    status,
  });

  it('a Deployment is done when the new generation is observed and every replica is updated and available', () => {
    expect(
      rolloutStatus(
        deployment({ observedGeneration: 1, updatedReplicas: 3, replicas: 3, availableReplicas: 3 }),
      ).state,
    ).toBe('rolling');
    expect(
      rolloutStatus(
        deployment({ observedGeneration: 2, updatedReplicas: 2, replicas: 3, availableReplicas: 3 }),
      ).message,
    ).toBe('2 of 3 new replicas have been updated');
    expect(
      rolloutStatus(
        deployment({ observedGeneration: 2, updatedReplicas: 3, replicas: 4, availableReplicas: 3 }),
      ).message,
    ).toBe('1 old replicas are pending termination');
    expect(
      rolloutStatus(
        deployment({ observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 2 }),
      ).message,
    ).toBe('2 of 3 updated replicas are available');
    expect(
      rolloutStatus(
        deployment({ observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 3 }),
      ).state,
    ).toBe('done');
    const deadline = {
      observedGeneration: 2,
      conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
    };
    expect(rolloutStatus(deployment(deadline)).state).toBe('failed');
  });

  it('a StatefulSet needs every replica ready and the update revision current (or the partition reached)', () => {
    const sts = (status: object, spec: object = { replicas: 2 }): KubeObject => ({
      kind: 'StatefulSet',
      metadata: { generation: 1 },
      spec,
      status,
    });
    expect(rolloutStatus(sts({ observedGeneration: 1, readyReplicas: 1 })).state).toBe('rolling');
    expect(
      rolloutStatus(
        sts({ observedGeneration: 1, readyReplicas: 2, currentRevision: 'a', updateRevision: 'b' }),
      ).state,
    ).toBe('rolling');
    expect(
      rolloutStatus(
        sts({ observedGeneration: 1, readyReplicas: 2, currentRevision: 'b', updateRevision: 'b' }),
      ).state,
    ).toBe('done');
    const partitioned = { replicas: 4, updateStrategy: { rollingUpdate: { partition: 2 } } };
    expect(
      rolloutStatus(sts({ observedGeneration: 1, readyReplicas: 4, updatedReplicas: 2 }, partitioned)).state,
    ).toBe('done');
  });

  it('a DaemonSet needs every scheduled Pod updated and available', () => {
    const ds = (status: object): KubeObject => ({
      kind: 'DaemonSet',
      metadata: { generation: 1 },
      status: { observedGeneration: 1, ...status },
    });
    expect(
      rolloutStatus(ds({ desiredNumberScheduled: 3, updatedNumberScheduled: 2, numberAvailable: 3 })).state,
    ).toBe('rolling');
    expect(
      rolloutStatus(ds({ desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 2 })).state,
    ).toBe('rolling');
    expect(
      rolloutStatus(ds({ desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3 })).state,
    ).toBe('done');
  });
});
