import { describe, expect, it } from 'vitest';
import { previewObject } from '../../src/core/preview.js';
import { PREVIEW_KINDS, podTemplateOf } from '../../src/core/workloads.js';
import type { JsonObject, KubeObject } from '../../src/core/types.js';
import { aPreset, applyPatch, catalogOf } from '../helpers/builders.js';
import { kubeSchemaProblems } from '../helpers/kube-schema.js';

const template = (): JsonObject => ({
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'app', image: 'example/app:1' }], restartPolicy: 'OnFailure' },
});
const selector = { matchLabels: { app: 'web' } };

const WORKLOADS: Record<string, { object: () => KubeObject; templatePath: string }> = {
  Pod: {
    object: () => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'w', labels: { app: 'web' } },
      spec: { containers: [{ name: 'app', image: 'example/app:1' }] },
    }),
    templatePath: '',
  },
  PodTemplate: {
    object: () => ({ apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 'w' }, template: template() }),
    templatePath: '/template',
  },
  Deployment: {
    object: () => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'w' },
      spec: {
        selector,
        template: { ...template(), spec: { containers: [{ name: 'app', image: 'example/app:1' }] } },
      },
    }),
    templatePath: '/spec/template',
  },
  ReplicaSet: {
    object: () => ({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'w' },
      spec: {
        selector,
        template: { ...template(), spec: { containers: [{ name: 'app', image: 'example/app:1' }] } },
      },
    }),
    templatePath: '/spec/template',
  },
  StatefulSet: {
    object: () => ({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'w' },
      spec: {
        selector,
        serviceName: 'w',
        template: { ...template(), spec: { containers: [{ name: 'app', image: 'example/app:1' }] } },
      },
    }),
    templatePath: '/spec/template',
  },
  DaemonSet: {
    object: () => ({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'w' },
      spec: {
        selector,
        template: { ...template(), spec: { containers: [{ name: 'app', image: 'example/app:1' }] } },
      },
    }),
    templatePath: '/spec/template',
  },
  Job: {
    object: () => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'w' },
      spec: { template: template() },
    }),
    templatePath: '/spec/template',
  },
  CronJob: {
    object: () => ({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'w' },
      spec: { schedule: '@daily', jobTemplate: { spec: { template: template() } } },
    }),
    templatePath: '/spec/jobTemplate/spec/template',
  },
  ReplicationController: {
    object: () => ({
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'w' },
      spec: {
        selector: { app: 'web' },
        template: { ...template(), spec: { containers: [{ name: 'app', image: 'example/app:1' }] } },
      },
    }),
    templatePath: '/spec/template',
  },
};

describe('every kind with a pod template is previewed as the Pod its controller creates', () => {
  const catalog = catalogOf(
    aPreset('web', { selector, env: [{ name: 'A', value: '1' }], volumes: [{ name: 'v', emptyDir: {} }] }),
  );

  it('covers every supported kind', () => {
    expect(Object.keys(WORKLOADS).sort()).toEqual([...PREVIEW_KINDS].sort());
  });

  it.each(Object.entries(WORKLOADS))(
    '%s: the patch points into the template and the result is valid',
    (_kind, { object, templatePath }) => {
      const input = object();
      const result = previewObject(input, undefined, catalog);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value.outcome).toBe('mutated');
      expect(result.value.patch.every((op) => op.path.startsWith(`${templatePath}/`))).toBe(true);
      expect(applyPatch(input, result.value.patch)).toEqual(result.value.object);
      expect(kubeSchemaProblems(result.value.object)).toEqual([]);
    },
  );

  it("decides by the template's labels, not the workload's", () => {
    const deployment = WORKLOADS['Deployment']!.object();
    deployment.metadata = { name: 'w', labels: { app: 'other' } };
    expect(previewObject(deployment, undefined, catalog)).toMatchObject({
      ok: true,
      value: { outcome: 'mutated' },
    });
    const unlabelled = WORKLOADS['Deployment']!.object() as KubeObject & { spec: { template: JsonObject } };
    unlabelled.spec.template['metadata'] = {};
    expect(previewObject(unlabelled, undefined, catalog)).toMatchObject({
      ok: true,
      value: { outcome: 'unchanged' },
    });
  });

  it('says what is missing when a workload has no template', () => {
    expect(
      previewObject(
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w' }, spec: {} },
        undefined,
        catalog,
      ),
    ).toEqual({ ok: false, error: 'Deployment has no spec.template' });
  });

  it.each([
    [
      'a Pod whose containers are misspelt',
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: { container: [{ name: 'a', image: 'x' }] },
      },
      'spec.containers: required',
    ],
    [
      'a Pod with an empty spec',
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} },
      'spec.containers: required',
    ],
    [
      'a Pod without a spec',
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } },
      'spec.containers: required',
    ],
    [
      'a Pod with no containers',
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [] } },
      'spec.containers: required',
    ],
    [
      'a Deployment whose template has none',
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'w' },
        spec: { template: { spec: { initContainers: [{ name: 'i', image: 'x' }] } } },
      },
      'spec.template.spec.containers: required',
    ],
  ])('refuses %s, as the API server would, instead of calling it mutated', (_, object, error) => {
    expect(previewObject(object, undefined, catalog)).toEqual({
      ok: false,
      error: `${error} (a pod needs at least one container)`,
    });
  });

  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'])(
    'says a kind named %s has no pod template, and passes it through unchanged',
    (kind) => {
      const object = { apiVersion: 'v1', kind, metadata: { name: 'w' } };
      expect(previewObject(object, undefined, catalog)).toMatchObject({
        ok: true,
        value: { kind, outcome: 'unchanged', reason: 'no pod template', patch: [], object },
      });
      expect(podTemplateOf(object)).toEqual({
        ok: false,
        error: expect.stringContaining(`kind "${kind}" has no pod template`) as unknown,
      });
    },
  );
});
