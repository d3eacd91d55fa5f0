import { describe, expect, it } from 'vitest';
import { contains, normalizeContainer, pullPolicyOf } from '../../src/core/fields/container-defaults.js';
import { parsePreset } from '../../src/core/preset.js';
import { compileContainerSelector } from '../../src/core/targeting.js';

describe('imagePullPolicy default (docs/SPEC.md §8.2)', () => {
  it.each([
    ['img', 'Always'],
    ['img:latest', 'Always'],
    ['img:latest@sha256:abc', 'Always'],
    ['registry:5000/img', 'Always'],
    ['img@sha256:abc', 'IfNotPresent'],
    ['img:1.2', 'IfNotPresent'],
    ['registry:5000/img:1.2', 'IfNotPresent'],
  ])('%s → %s', (image, policy) => expect(pullPolicyOf(image)).toBe(policy));
});

describe('a container is represented when contained (docs/SPEC.md §8.2)', () => {
  const stored = normalizeContainer({
    name: 'tail',
    image: 'busybox:1.36.1',
    command: ['sh', '-c', 'tail -F /logs/a'],
    resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '500m', memory: '64Mi' } },
    volumeMounts: [
      { name: 'logs', mountPath: '/logs', readOnly: true },
      { name: 'token', mountPath: '/var/run/secrets' },
    ],
    stdin: false,
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: 'IfNotPresent',
  });
  it.each([
    ['what it sets, with a quantity written otherwise', { resources: { limits: { cpu: '0.5' } } }, true],
    [
      'a subset of the mounts',
      { volumeMounts: [{ name: 'logs', mountPath: '/logs', readOnly: true }] },
      true,
    ],
    ['zero values as absent', { workingDir: '', stdin: false, resources: {} }, true],
    ['another command (lists of scalars exactly)', { command: ['sh', '-c'] }, false],
    ['a mount the Pod lacks', { volumeMounts: [{ name: 'other', mountPath: '/o' }] }, false],
    ['another pull policy', { imagePullPolicy: 'Always' }, false],
    ['a limit whose default request differs', { resources: { limits: { memory: '128Mi' } } }, false],
  ])('%s: %s', (_what, extra, expected) => {
    const preset = normalizeContainer({ name: 'tail', image: 'busybox:1.36.1', ...extra });
    expect(contains(stored, preset)).toBe(expected);
  });
});

describe('containerSelector patterns (docs/SPEC.md §8.1)', () => {
  const select = (selector: unknown) => {
    const compiled = compileContainerSelector(selector, 'spec.containerSelector');
    if (!compiled.ok) throw new Error(compiled.error.join('; '));
    return compiled.value;
  };
  it('matches whole names; * matches any run, the empty one included', () => {
    const matcher = select({ names: ['app-*', 'web*'] });
    expect(['app-web', 'app-', 'web', 'webx', 'xapp-web', 'app'].map((n) => matcher(n, false))).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
  });
  // A pattern is a preset author's, a container name a Pod creator's, and a Pod reaches the webhook
  // before the API server validates it: names of any length. As a backtracking RegExp this pair
  // took 22 s for a 160-character name (each `*` multiplies the tries); a match must stay linear.
  it('matches many-star patterns against long names without backtracking', () => {
    const stars = `${'a*'.repeat(31)}b`;
    const matcher = select({ names: [stars, '*a*a*a*a*a*b'], excludeNames: ['*-*-*-*-*-*-*-b'] });
    expect(matcher('a'.repeat(100_000), false)).toBe(false);
    expect(matcher(`${'a'.repeat(100_000)}b`, false)).toBe(true);
    expect(matcher(`${'a-'.repeat(50_000)}b`, false)).toBe(false);
    expect(matcher(`${'a-'.repeat(50_000)}ab`, false)).toBe(true);
    expect(matcher(`${'a'.repeat(50_000)}-b`, false)).toBe(true);
  });
  it('excludeNames wins over names; initContainers false leaves every init container out', () => {
    const matcher = select({ names: ['*'], excludeNames: ['debug'], initContainers: false });
    expect([matcher('app', false), matcher('debug', false), matcher('app', true)]).toEqual([
      true,
      false,
      false,
    ]);
  });
  it.each([
    [{ names: [] }, 'spec.containerSelector.names: must be a non-empty list of name patterns'],
    [
      { names: ['App'] },
      "spec.containerSelector.names[0]: must be 1 to 63 characters from a-z, 0-9, '-' and '*'",
    ],
    [
      { excludeNames: ['a?'] },
      "spec.containerSelector.excludeNames[0]: must be 1 to 63 characters from a-z, 0-9, '-' and '*'",
    ],
    [{ initContainers: 'no' }, 'spec.containerSelector.initContainers: must be a boolean'],
    [{ name: ['a'] }, 'spec.containerSelector.name: unknown field'],
  ])('refuses %j', (selector, problem) => {
    const compiled = compileContainerSelector(selector, 'spec.containerSelector');
    expect(compiled.ok ? [] : compiled.error).toContain(problem);
  });
});

describe('§8 validation of a preset (the same for /validate and files)', () => {
  const parse = (spec: Record<string, unknown>) =>
    parsePreset({
      apiVersion: 'podpreset.dev/v1alpha1',
      kind: 'PodPreset',
      metadata: { name: 'p', namespace: 'n' },
      spec,
    });
  it.each([
    [
      { containers: [{ name: 'tail', image: 'b', volumeMounts: [{ name: 'logs', mountPath: '/l' }] }] },
      `spec.containers[0].volumeMounts[0].name: "logs" is not one of this preset's volumes`,
    ],
    [
      { initContainers: [{ name: 'x', image: 'b' }], containers: [{ name: 'x', image: 'b' }] },
      'spec.containers[0].name: "x" is also in initContainers (names are unique across initContainers and containers)',
    ],
    [{ containers: [{ name: 'tail' }] }, 'spec.containers[0].image: required'],
    [
      { conflictPolicy: 'Merge', env: [{ name: 'A' }] },
      'spec.conflictPolicy: must be one of Abort, SkipPreset, KeepExisting',
    ],
    [
      { tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }] },
      'spec.tolerations[0].value: must be empty when operator is Exists',
    ],
    [
      { nodeSelector: { 'bad key!': 'v' } },
      "spec.nodeSelector: key \"bad key!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
    ],
    [{ imagePullSecrets: [{}] }, 'spec.imagePullSecrets[0].name: required'],
  ])('refuses %j', (spec, problem) => {
    const parsed = parse(spec);
    expect(parsed.ok ? [] : parsed.error).toContain(problem);
  });
  // What the API server refuses in a Pod: a preset that adds it makes every Pod it matches fail
  // to be created, after the webhook answered. Refused up front, with the rule named.
  const probe = { exec: { command: ['true'] } };
  it.each([
    [
      { initContainers: [{ name: 'i', image: 'b', livenessProbe: probe }] },
      'spec.initContainers[0].livenessProbe: only a native sidecar (restartPolicy: Always) may have one; an init container without it runs to completion',
    ],
    [
      { initContainers: [{ name: 'i', image: 'b', lifecycle: { preStop: probe } }] },
      'spec.initContainers[0].lifecycle: only a native sidecar (restartPolicy: Always) may have one; an init container without it runs to completion',
    ],
    [
      { initContainers: [{ name: 'i', image: 'b', restartPolicy: 'OnFailure' }] },
      'spec.initContainers[0].restartPolicy: must be Always (a native sidecar) or absent (an init container that runs to completion)',
    ],
    [
      { containers: [{ name: 'c', image: 'b', restartPolicy: 'Always' }] },
      'spec.containers[0].restartPolicy: only an init container may set it (a native sidecar is an init container with restartPolicy: Always)',
    ],
    [
      {
        initContainers: [
          { name: 'i', image: 'b', restartPolicy: 'Always', startupProbe: { ...probe, successThreshold: 2 } },
        ],
      },
      'spec.initContainers[0].startupProbe.successThreshold: must be 1',
    ],
    [
      { containers: [{ name: 'c', image: 'b', livenessProbe: { ...probe, successThreshold: 3 } }] },
      'spec.containers[0].livenessProbe.successThreshold: must be 1',
    ],
    [
      {
        volumes: [{ name: 'v', emptyDir: {} }],
        containers: [
          {
            name: 'c',
            image: 'b',
            volumeMounts: [
              { name: 'v', mountPath: '/v' },
              { name: 'v', mountPath: '/v' },
            ],
          },
        ],
      },
      'spec.containers[0].volumeMounts[1].mountPath: "/v" is mounted twice',
    ],
    [
      { tolerations: [{ key: 'bad key!', operator: 'Exists' }] },
      "spec.tolerations[0].key: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
    ],
    [
      { tolerations: [{ key: 'gpu', value: 'not a value!' }] },
      "spec.tolerations[0].value: must be empty or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
    ],
    [
      { tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 1e300 }] },
      'spec.tolerations[0].tolerationSeconds: must be an integer of at most 9007199254740991 seconds',
    ],
    [
      { containers: [{ name: 'c', image: 'envoy:1.31 ' }] },
      'spec.containers[0].image: must not have leading or trailing whitespace',
    ],
  ])('refuses what would make the Pod invalid: %j', (spec, problem) => {
    const parsed = parse(spec);
    expect(parsed.ok ? [] : parsed.error).toContain(problem);
  });
  it('accepts a native sidecar with probes and lifecycle, and probes on a container', () => {
    const sidecar = {
      restartPolicy: 'Always',
      livenessProbe: probe,
      readinessProbe: { ...probe, successThreshold: 2 },
    };
    const parsed = parse({
      initContainers: [{ name: 'i', image: 'b', ...sidecar, lifecycle: { preStop: probe } }],
      containers: [
        { name: 'c', image: 'b', livenessProbe: { ...probe, successThreshold: 1 }, startupProbe: probe },
      ],
      tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 3600 }],
    });
    expect(parsed.ok ? [] : parsed.error).toEqual([]);
  });
  it('accepts a preset with only a §8 field, and defaults the policy to Abort', () => {
    const parsed = parse({ tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }] });
    expect(parsed.ok && parsed.value.conflictPolicy).toBe('Abort');
  });
});
