import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MAX_DEPTH, TOO_DEEP } from '../../src/core/depth.js';
import { ITEM_SCHEMAS } from '../../src/core/fields/item-schemas.generated.js';
import { typeProblems, type TypeSchema } from '../../src/core/fields/type-check.js';
import { parsePreset } from '../../src/core/preset.js';
import { aPreset } from '../helpers/builders.js';
import { SECRET, WRONG_TYPES_PROBLEMS, WRONG_TYPES_YAML } from '../helpers/wrong-types.js';

const problemsOf = (value: unknown, schema: TypeSchema, at = 'x'): string[] =>
  typeProblems(value, schema, at).map(({ path, problem }) => `${path}: ${problem}`);

const OBJECT: TypeSchema = {
  type: 'object',
  properties: {
    s: { type: 'string' },
    i: { type: 'integer' },
    n: { type: 'number' },
    b: { type: 'boolean' },
    list: { type: 'array', items: { type: 'string' } },
    map: { type: 'object', additionalProperties: { type: 'string' } },
    port: { 'x-kubernetes-int-or-string': true },
    policy: { type: 'string', enum: ['A', 'B'] },
    free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
  },
};

describe('typeProblems', () => {
  it('accepts every member of its type', () => {
    const value = {
      s: 'x',
      i: 3,
      n: 0.5,
      b: false,
      list: ['a', 'b'],
      map: { 'kubernetes.io/os': 'linux' },
      port: 'http',
      policy: 'B',
      free: { anything: [1, { deep: true }] },
    };
    expect(problemsOf(value, OBJECT)).toEqual([]);
    expect(problemsOf({ port: 8080 }, OBJECT)).toEqual([]);
  });

  it.each([
    { member: 's', value: 5, problem: 'x.s: must be a string' },
    { member: 's', value: ['a'], problem: 'x.s: must be a string' },
    { member: 'i', value: '0400', problem: 'x.i: must be an integer' },
    { member: 'i', value: 1.5, problem: 'x.i: must be an integer' },
    { member: 'n', value: '1', problem: 'x.n: must be a number' },
    { member: 'n', value: Infinity, problem: 'x.n: must be a number' },
    { member: 'b', value: 'yes please', problem: 'x.b: must be a boolean' },
    { member: 'list', value: 'a', problem: 'x.list: must be a list' },
    { member: 'map', value: [], problem: 'x.map: must be an object' },
    { member: 'port', value: 80.5, problem: 'x.port: must be an integer or a string' },
    { member: 'port', value: true, problem: 'x.port: must be an integer or a string' },
    { member: 'policy', value: 'C', problem: 'x.policy: must be one of A, B' },
    { member: 'free', value: 'text', problem: 'x.free: must be an object' },
  ])('refuses $member: $value', ({ member, value, problem }) => {
    expect(problemsOf({ [member]: value }, OBJECT)).toEqual([problem]);
  });

  it('names list items by index and map entries by their quoted key', () => {
    expect(problemsOf({ list: ['a', 5, null], map: { 'nvidia.com/gpu': 1 } }, OBJECT)).toEqual([
      'x.list[1]: must be a string',
      'x.list[2]: must be a string',
      'x.map["nvidia.com/gpu"]: must be a string',
    ]);
  });

  it('reads a null member as absent, as the API server prunes it', () => {
    expect(problemsOf({ s: null, map: { a: null } }, OBJECT)).toEqual([]);
  });

  it('refuses members the schema does not declare, named like Object.prototype members too', () => {
    const value = JSON.parse('{"s":"x","extra":1,"constructor":{},"__proto__":{"s":5},"toString":"x"}');
    expect(problemsOf(value, OBJECT)).toEqual([
      'x.extra: unknown field',
      'x.constructor: unknown field',
      'x.__proto__: unknown field',
      'x.toString: unknown field',
    ]);
  });

  it('never quotes the value it found', () => {
    const value = { s: { SECRET }, i: SECRET, list: [SECRET, { SECRET }], b: [SECRET], port: [SECRET] };
    const problems = problemsOf(value, OBJECT);
    expect(problems).toHaveLength(5);
    for (const problem of problems) expect(problem).not.toContain(SECRET);
  });

  it('stops at the nesting depth the project allows, whatever the schema', () => {
    // Only a schema as deep as the value lets the walk follow it; the CRD's are under 20 levels.
    let schema: TypeSchema = { type: 'string' };
    let value: unknown = 'leaf';
    for (let i = 0; i < MAX_DEPTH + 50; i++) {
      schema = { type: 'array', items: schema };
      value = [value];
    }
    const problems = typeProblems(value, schema, 'x');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.problem).toBe(TOO_DEEP);
  });
});

describe('parsePreset holds preset items to the types of the CRD schema', () => {
  const [types, sidecar] = WRONG_TYPES_YAML.split('\n---\n').map((text) => parse(text) as unknown);

  it.each([
    { name: 'types', preset: types, expected: WRONG_TYPES_PROBLEMS.types },
    { name: 'sidecar', preset: sidecar, expected: WRONG_TYPES_PROBLEMS.sidecar },
  ])('refuses the probe preset $name with one problem per wrong value', ({ preset, expected }) => {
    const result = parsePreset(preset);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toEqual(expected);
    expect(JSON.stringify(!result.ok && result.error)).not.toContain(SECRET);
  });

  it('says a wrong type once, in the words of the field’s own check where it has one', () => {
    const result = parsePreset(
      aPreset('p', {
        volumes: [{ name: 5, secret: { secretName: 's' } }],
        nodeSelector: { disk: 1 },
        containers: [{ name: 'c', image: 'i', ports: 'http', bogus: 1 }],
      }),
    );
    expect(!result.ok && result.error).toEqual([
      'spec.volumes[0].name: must be a string, not the number 5 (quote it in YAML)',
      'spec.containers[0].bogus: unknown field',
      'spec.containers[0].ports: must be a list',
      'spec.nodeSelector["disk"]: must be a string',
    ]);
  });

  it('refuses an unknown field anywhere in an item, as kubectl’s strict field validation does', () => {
    const result = parsePreset(
      aPreset('p', {
        volumes: [{ name: 'v', configMap: { name: 'cm', defaultMod: 420 } }],
        env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'k', optinal: true } } }],
      }),
    );
    expect(!result.ok && result.error).toEqual([
      'spec.env[0].valueFrom.secretKeyRef.optinal: unknown field',
      'spec.volumes[0].configMap.defaultMod: unknown field',
    ]);
  });

  it('accepts the types the CRD accepts: int-or-string ports, integers, maps, free-form fieldsV1', () => {
    const result = parsePreset(
      aPreset('p', {
        volumes: [
          { name: 'v', secret: { secretName: 's', defaultMode: 256, items: [{ key: 'k', path: 'p' }] } },
          {
            name: 'e',
            ephemeral: {
              volumeClaimTemplate: {
                metadata: { labels: { a: 'b' }, managedFields: [{ fieldsV1: { 'f:x': { '.': {} } } }] },
                spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
              },
            },
          },
        ],
        containers: [
          {
            name: 'helper',
            image: 'busybox',
            command: ['sh', '-c', 'sleep 1'],
            ports: [{ containerPort: 8080, name: 'http' }],
            readinessProbe: { httpGet: { port: 'http', path: '/' }, periodSeconds: 5 },
            livenessProbe: { tcpSocket: { port: 8080 } },
            resources: { limits: { cpu: '500m' } },
            securityContext: { runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
            stdin: true,
          },
        ],
        tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }],
      }),
    );
    expect(result.ok ? [] : result.error).toEqual([]);
  });

  it('reads a Quantity as the API server does: an integer or a string, never a fraction', () => {
    const withQuantities = (cpu: unknown) =>
      parsePreset(
        aPreset('p', {
          volumes: [{ name: 'scratch', emptyDir: { sizeLimit: 1 } }],
          containers: [
            {
              name: 'trainer',
              image: 'i',
              resources: { limits: { 'nvidia.com/gpu': 1, cpu }, requests: { memory: '1Gi' } },
              env: [{ name: 'C', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: 1 } } }],
            },
          ],
        }),
      );
    expect(withQuantities('500m').ok).toBe(true);
    const fraction = withQuantities(0.5);
    expect(!fraction.ok && fraction.error).toEqual([
      'spec.containers[0].resources.limits["cpu"]: must be an integer or a string',
    ]);
  });

  it('has a schema for every injectable field', () => {
    expect(Object.keys(ITEM_SCHEMAS)).toEqual([
      'env',
      'envFrom',
      'volumes',
      'volumeMounts',
      'initContainers',
      'containers',
      'tolerations',
      'nodeSelector',
      'imagePullSecrets',
    ]);
  });
});
