import { describe, expect, it } from 'vitest';
import { parsePreset } from '../../src/core/preset.js';
import { aPreset } from '../helpers/builders.js';

const env = [{ name: 'A', value: '1' }];

function problems(object: unknown, options = {}): string {
  const result = parsePreset(object, options);
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.error.join('\n');
}

describe('parsePreset accepts', () => {
  it('a PodPreset with every injection field', () => {
    const result = parsePreset(
      aPreset('full', {
        selector: { matchLabels: { app: 'web' } },
        env: [
          { name: 'A', value: '1' },
          { name: 'B', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
        ],
        envFrom: [
          { configMapRef: { name: 'c' } },
          { prefix: 'S_', secretRef: { name: 's', optional: true } },
        ],
        volumes: [{ name: 'v', secret: { secretName: 's' } }],
        volumeMounts: [{ name: 'v', mountPath: '/v', readOnly: true }],
      }),
    );
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.namespace).toBe('default');
      expect(result.value.annotationKey).toBe('podpreset.admission.kubernetes.io/podpreset-full');
      expect(result.value.requiredLabel).toEqual(['app', 'web']);
    }
  });

  it('a ClusterPodPreset with a namespaceSelector, and no namespace', () => {
    const result = parsePreset(
      aPreset(
        'c',
        { namespaceSelector: { matchLabels: { env: 'prod' } }, env },
        { kind: 'ClusterPodPreset' },
      ),
    );
    expect(result.ok && result.value.namespace).toBe(undefined);
    expect(result.ok && result.value.namespaceSelector({ env: 'prod' })).toBe(true);
    expect(result.ok && result.value.namespaceSelector({ env: 'dev' })).toBe(false);
  });

  it('a PodPreset without namespace when a default namespace is given (files, preview -n)', () => {
    const object = aPreset('p', { env });
    delete (object['metadata'] as Record<string, unknown>)['namespace'];
    const result = parsePreset(object, { defaultNamespace: 'team-a' });
    expect(result.ok && result.value.namespace).toBe('team-a');
  });

  it('a preset from a file without resourceVersion gets one derived from its spec', () => {
    const object = aPreset('p', { env });
    delete (object['metadata'] as Record<string, unknown>)['resourceVersion'];
    const first = parsePreset(object);
    const same = parsePreset(structuredClone(object));
    const changed = parsePreset({ ...object, spec: { env: [{ name: 'A', value: '2' }] } });
    expect(first.ok && first.value.resourceVersion).toMatch(/^spec-[0-9a-f]{10}$/);
    expect(first.ok && same.ok && first.value.resourceVersion === same.value.resourceVersion).toBe(true);
    expect(first.ok && changed.ok && first.value.resourceVersion !== changed.value.resourceVersion).toBe(
      true,
    );
  });

  it('a long name from a file, which gets the shortened annotation key', () => {
    const result = parsePreset(aPreset('n'.repeat(80), { env }));
    expect(result.ok && result.value.annotationKey.split('/')[1]).toHaveLength(63);
  });
});

describe('parsePreset rejects, naming the field', () => {
  it.each([
    {
      name: 'no injection field',
      object: aPreset('p', { selector: {} }),
      message:
        'spec: must set at least one of env, envFrom, volumes, volumeMounts, initContainers, containers, tolerations, nodeSelector or imagePullSecrets',
    },
    {
      name: 'empty injection lists',
      object: aPreset('p', { env: [], volumes: [] }),
      message: 'must set at least one of',
    },
    {
      name: 'a mount naming no volume of the preset',
      object: aPreset('p', { volumeMounts: [{ name: 'v', mountPath: '/v' }] }),
      message: 'spec.volumeMounts[0].name: "v" is not one of this preset\'s volumes',
    },
    {
      name: 'an emptyDir sizeLimit longer than any quantity the API server keeps',
      object: aPreset('p', { volumes: [{ name: 'v', emptyDir: { sizeLimit: `1${'0'.repeat(200_000)}` } }] }),
      message: 'spec.volumes[0].emptyDir.sizeLimit: must be a quantity of at most 64 characters, not 200001',
    },
    {
      name: 'a downward API divisor that is not a quantity',
      object: aPreset('p', {
        env: [{ name: 'A', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1 core' } } }],
      }),
      message: 'spec.env[0].valueFrom.resourceFieldRef.divisor: must be a quantity such as 128Mi, 1G or 500m',
    },
    {
      name: 'a sidecar resource limit that is not a quantity',
      object: aPreset('p', {
        initContainers: [{ name: 'agent', image: 'agent:1', resources: { limits: { cpu: '1 core' } } }],
      }),
      message: 'spec.initContainers[0].resources.limits.cpu: must be a quantity such as 128Mi, 1G or 500m',
    },
    {
      name: 'unknown field in env',
      object: aPreset('p', { env: [{ name: 'A', val: '1' }] }),
      message: 'spec.env[0].val: unknown field',
    },
    {
      name: 'env without name',
      object: aPreset('p', { env: [{ value: '1' }] }),
      message: 'spec.env[0].name: required',
    },
    {
      name: 'env name read by YAML as a boolean',
      object: aPreset('p', { env: [{ name: true, value: '1' }] }),
      message: 'spec.env[0].name: must be a string, not the boolean true (quote it in YAML)',
    },
    {
      name: 'container image read by YAML as a number',
      object: aPreset('p', { initContainers: [{ name: 'agent', image: 400 }] }),
      message: 'spec.initContainers[0].image: must be a string, not the number 400 (quote it in YAML)',
    },
    {
      name: 'volumeMount path written as a list',
      object: aPreset('p', { volumeMounts: [{ name: 'v', mountPath: ['/a'] }] }),
      message: 'spec.volumeMounts[0].mountPath: must be a string, not a list',
    },
    {
      name: 'preset name read by YAML as a boolean',
      object: {
        ...aPreset('p', { env: [{ name: 'A', value: '1' }] }),
        metadata: { name: false, namespace: 'default' },
      },
      message: 'metadata.name: must be a string, not the boolean false (quote it in YAML)',
    },
    {
      name: 'env value not a string',
      object: aPreset('p', { env: [{ name: 'A', value: 1 }] }),
      message: 'spec.env[0].value: must be a string',
    },
    {
      name: 'env with value and valueFrom',
      object: aPreset('p', { env: [{ name: 'A', value: '1', valueFrom: { fieldRef: { fieldPath: 'x' } } }] }),
      message: 'may not be specified when value is not empty',
    },
    {
      name: 'duplicate env name',
      object: aPreset('p', {
        env: [
          { name: 'A', value: '1' },
          { name: 'A', value: '2' },
        ],
      }),
      message: 'spec.env[1]: duplicate name "A"',
    },
    {
      name: 'envFrom with both refs',
      object: aPreset('p', { envFrom: [{ configMapRef: { name: 'c' }, secretRef: { name: 's' } }] }),
      message: 'must have exactly one of configMapRef or secretRef',
    },
    {
      name: 'unknown volume source',
      object: aPreset('p', { volumes: [{ name: 'v', ramDisk: {} }] }),
      message: 'spec.volumes[0].ramDisk: unknown field (not a volume source)',
    },
    {
      name: 'two volume sources',
      object: aPreset('p', { volumes: [{ name: 'v', emptyDir: {}, secret: { secretName: 's' } }] }),
      message: 'must have exactly one volume source',
    },
    {
      name: 'volume name not a DNS label',
      object: aPreset('p', { volumes: [{ name: 'My_Vol', emptyDir: {} }] }),
      message: 'must be a DNS-1123 label',
    },
    {
      name: 'mount without mountPath',
      object: aPreset('p', { volumes: [{ name: 'v', emptyDir: {} }], volumeMounts: [{ name: 'v' }] }),
      message: 'spec.volumeMounts[0].mountPath: required',
    },
    {
      name: 'two mounts at one path',
      object: aPreset('p', {
        volumes: [
          { name: 'v', emptyDir: {} },
          { name: 'w', emptyDir: {} },
        ],
        volumeMounts: [
          { name: 'v', mountPath: '/x' },
          { name: 'w', mountPath: '/x' },
        ],
      }),
      message: 'duplicate mountPath "/x"',
    },
    {
      name: 'invalid selector',
      object: aPreset('p', { selector: { matchExpressions: [{ key: 'a', operator: 'In' }] }, env }),
      message: 'spec.selector.matchExpressions[0].values: must be non-empty when operator is In',
    },
    {
      name: 'namespaceSelector on a PodPreset',
      object: aPreset('p', { namespaceSelector: {}, env }),
      message: 'spec.namespaceSelector: only a ClusterPodPreset selects namespaces',
    },
    {
      name: 'unknown spec field',
      object: aPreset('p', { env, resources: {} }),
      message: 'spec.resources: unknown field',
    },
    {
      name: 'wrong apiVersion',
      object: { ...aPreset('p', { env }), apiVersion: 'settings.k8s.io/v1alpha1' },
      message: 'settings.k8s.io was removed in Kubernetes 1.20',
    },
    {
      name: 'wrong kind',
      object: { ...aPreset('p', { env }), kind: 'Preset' },
      message: 'kind: must be PodPreset or ClusterPodPreset',
    },
    {
      name: 'invalid name',
      object: aPreset('Not_Valid', { env }),
      message: 'metadata.name: must consist of lower case alphanumeric characters',
    },
    {
      name: 'no spec',
      object: {
        apiVersion: 'podpreset.dev/v1alpha1',
        kind: 'PodPreset',
        metadata: { name: 'p', namespace: 'd' },
      },
      message: 'spec: required',
    },
    { name: 'not an object', object: 'PodPreset', message: 'must be an object' },
  ])('$name', ({ object, message }) => {
    expect(problems(object)).toContain(message);
  });

  it('a PodPreset without namespace and no default', () => {
    const object = aPreset('p', { env });
    delete (object['metadata'] as Record<string, unknown>)['namespace'];
    expect(problems(object)).toContain('metadata.namespace: required for a PodPreset');
  });

  it.each([
    ['PodPreset', 54, 53],
    ['ClusterPodPreset', 47, 46],
  ] as const)(
    'a %s name of %i characters when names are held to the annotation limit',
    (kind, length, limit) => {
      const object = aPreset('n'.repeat(length), { env }, { kind });
      expect(problems(object, { enforceNameLength: true })).toContain(
        `must be no more than ${limit} characters for a ${kind}`,
      );
      expect(parsePreset(aPreset('n'.repeat(limit), { env }, { kind }), { enforceNameLength: true }).ok).toBe(
        true,
      );
    },
  );
});
