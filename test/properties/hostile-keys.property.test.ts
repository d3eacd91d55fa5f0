/**
 * Keys named like Object.prototype members (`toString`, `constructor`, `__proto__`, ...) wherever
 * a tenant can put them — inside sub-objects the CRD stores unvalidated, as unknown members, as
 * label keys — through every entry point: the engine, /validate, /mutate, the file source and
 * the informer source. Objects are built from JSON text, as every entry point receives them, so
 * `__proto__` is an own member and not a prototype.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import jsonpatch from 'fast-json-patch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PresetCatalog } from '../../src/core/catalog.js';
import { evaluate } from '../../src/core/evaluate.js';
import { parsePreset } from '../../src/core/preset.js';
import type { KubeObject } from '../../src/core/types.js';
import { KubePresetSource } from '../../src/kube/informers.js';
import { FilePresetSource } from '../../src/presets/file-source.js';
import { StaticPresetSource } from '../../src/presets/static-source.js';
import { aReview, type ReviewAnswer } from '../helpers/admission.js';
import { aNamespace, testMetrics } from '../helpers/cluster-fixtures.js';
import { postJson } from '../helpers/https-client.js';
import { apply, KubeApiDouble, kubeConfigFor, type StoredObject } from '../helpers/kube-api-double.js';
import { captureLog } from '../helpers/log-capture.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const PROTOTYPE_KEYS = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'];
const memberKey = fc.constantFrom(
  ...PROTOTYPE_KEYS,
  'name',
  'secret',
  'configMap',
  'csi',
  'azureDisk',
  'fieldRef',
  'defaultMode',
  'sizeLimit',
  'items',
);
const prototypeKey = fc.constantFrom(...PROTOTYPE_KEYS);

/** JSON text of a value whose object members are mostly prototype-named. */
const junk: fc.Arbitrary<string> = fc.letrec<{ value: string; object: string; array: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom('"x"', '1', '420', 'true', 'false', 'null', '"1Gi"', '{}', '[]'),
    tie('object'),
    tie('array'),
  ),
  object: fc
    .array(fc.tuple(memberKey, tie('value')), { maxLength: 4 })
    .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  array: fc.array(tie('value'), { maxLength: 3 }).map((items) => `[${items.join(',')}]`),
})).value;

const ENV = '{"name":"E","value":"x"}';
/** Where a preset can hold junk `j` or a prototype-named key `k`: JSON text of its spec. */
const PRESET_PLACES: ReadonlyArray<(j: string, k: string) => string> = [
  (j) =>
    `{"volumes":[{"name":"v","ephemeral":{"volumeClaimTemplate":{"metadata":{"managedFields":[{"fieldsV1":${j}}]}}}}]}`,
  (j) => `{"volumes":[{"name":"v","csi":{"driver":"d","volumeAttributes":${j}}}]}`,
  (j) => `{"volumes":[{"name":"v","projected":{"sources":[${j}]}}]}`,
  (j) => `{"volumes":[{"name":"v","secret":${j}}]}`,
  (j, k) => `{"volumes":[{"name":"v",${JSON.stringify(k)}:${j}}]}`,
  (j) => `{"env":[{"name":"E","valueFrom":${j}}]}`,
  (j, k) => `{"env":[${ENV}],${JSON.stringify(k)}:${j}}`,
  (_, k) => `{"env":[${ENV}],"selector":{"matchLabels":{${JSON.stringify(k)}:"x"}}}`,
  (_, k) =>
    `{"env":[${ENV}],"selector":{"matchExpressions":[{"key":${JSON.stringify(k)},"operator":"Exists"}]}}`,
];

const presetText = (name: string, spec: string): string =>
  `{"apiVersion":"podpreset.dev/v1alpha1","kind":"PodPreset","metadata":{"name":"${name}","namespace":"default","resourceVersion":"1"},"spec":${spec}}`;

const hostilePreset = fc
  .tuple(fc.nat(PRESET_PLACES.length - 1), junk, prototypeKey)
  .map(([place, j, k]) => PRESET_PLACES[place]!(j, k));

/**
 * A Pod whose items share their keys with the preset's (env `E`, volume `v`), so semantic
 * equality compares junk on both sides, and whose labels hold a prototype-named key.
 */
const hostilePod = fc
  .tuple(junk, junk, prototypeKey)
  .map(
    ([envJunk, volumeJunk, k]) =>
      `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"default","labels":{"app":"web",${JSON.stringify(k)}:"x"}},` +
      `"spec":{"containers":[{"name":"app","image":"i","env":[{"name":"E","valueFrom":${envJunk}}]},{"name":"${k}","image":"i"}],` +
      `"volumes":[{"name":"v","csi":${volumeJunk}}]}}`,
  );

/** Applies a patch to a JSON copy, as the API server applies it to the object it sent. */
const patched = (object: unknown, patch: readonly unknown[]): KubeObject =>
  jsonpatch.applyPatch(
    JSON.parse(JSON.stringify(object)),
    JSON.parse(JSON.stringify(patch)) as jsonpatch.Operation[],
  ).newDocument as KubeObject;

describe('prototype-named keys through the engine', () => {
  it('parse never throws; a valid preset evaluates, its patch applies and a second pass changes nothing', () => {
    fc.assert(
      fc.property(hostilePreset, hostilePod, fc.boolean(), (spec, podText, sameAsPreset) => {
        const parsed = parsePreset(JSON.parse(presetText('hostile', spec)));
        if (!parsed.ok) {
          expect(parsed.error.length).toBeGreaterThan(0);
          return;
        }
        const catalog = new PresetCatalog();
        catalog.upsert(parsed.value);
        // Half the time the Pod is a plain one, so the preset's junk is injected and re-read.
        const pod = JSON.parse(
          sameAsPreset
            ? '{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"a"}]}}'
            : podText,
        ) as KubeObject;
        const first = evaluate(pod, '', 'default', catalog);
        expect(JSON.parse(first.patchJson)).toEqual(JSON.parse(JSON.stringify(first.patch)));
        if (first.outcome !== 'mutated') return;
        const second = evaluate(patched(pod, first.patch), '', 'default', catalog);
        expect(second.outcome).toBe('unchanged');
      }),
      { numRuns: 400 },
    );
  });
});

describe('prototype-named keys over HTTPS', () => {
  const catalog = new PresetCatalog();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ presets: new StaticPresetSource(catalog) });
  });
  afterAll(() => server.close());

  it('/validate answers every preset with allowed or a denial, never an internal error', async () => {
    await fc.assert(
      fc.asyncProperty(hostilePreset, async (spec) => {
        const preset = JSON.parse(presetText('hostile', spec)) as Record<string, unknown>;
        const review = aReview(preset, {
          group: 'podpreset.dev',
          kind: 'PodPreset',
          resource: 'podpresets',
        });
        const answer = await postJson(server, '/validate', review);
        expect(answer.status).toBe(200);
        const { response } = answer.json<ReviewAnswer>();
        expect(response.warnings ?? []).not.toContainEqual(expect.stringMatching(/internal error/));
        expect(response.allowed).toBe(parsePreset(preset, { enforceNameLength: true }).ok);
      }),
      {
        numRuns: 30,
        // The probe's case: a member named like a built-in under a field the CRD keeps unvalidated.
        examples: PROTOTYPE_KEYS.map((k) => [PRESET_PLACES[0]!(`{${JSON.stringify(k)}:{"f:x":{}}}`, k)]),
      },
    );
  });

  it('/mutate answers every Pod against every compilable preset without an internal error', async () => {
    await fc.assert(
      fc.asyncProperty(hostilePreset, hostilePod, async (spec, podText) => {
        const parsed = parsePreset(JSON.parse(presetText('hostile', spec)));
        if (parsed.ok) catalog.upsert(parsed.value);
        try {
          const answer = await postJson(server, '/mutate', aReview(JSON.parse(podText)));
          expect(answer.status).toBe(200);
          const { response } = answer.json<ReviewAnswer>();
          expect(response.allowed).toBe(true);
          expect(response.warnings ?? []).not.toContainEqual(expect.stringMatching(/internal error/));
        } finally {
          catalog.remove('PodPreset', 'hostile', 'default');
        }
      }),
      { numRuns: 30 },
    );
  });
});

/** A fixed sample of hostile preset specs, and a good preset beside them that must always load. */
const SAMPLE = fc.sample(hostilePreset, { numRuns: 25, seed: 10 });
const GOOD = presetText('good', `{"selector":{"matchLabels":{"app":"web"}},"env":[${ENV}]}`);
const goodApplies = (catalog: PresetCatalog): boolean =>
  catalog.matching('default', { app: 'web' }).some((p) => p.name === 'good');

describe('prototype-named keys in the sources: one bad object never stops a load or an informer', () => {
  it('the file source loads the good preset and reports the ones it cannot use', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'podpreset-hostile-'));
    const log = captureLog('debug');
    const source = new FilePresetSource({ paths: [dir], logger: log.logger, metrics: testMetrics() });
    try {
      await writeFile(join(dir, 'good.json'), GOOD);
      await Promise.all(
        SAMPLE.map((spec, i) => writeFile(join(dir, `hostile-${i}.json`), presetText(`hostile-${i}`, spec))),
      );
      await source.start();
      expect(goodApplies(source.catalog)).toBe(true);
      expect(log.messages()).toContain('presets loaded');
      const skipped = log.lines().filter((line) => line['msg'] === 'invalid preset skipped').length;
      expect(source.catalog.presets().length + skipped).toBe(SAMPLE.length + 1);
    } finally {
      await source.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the informer source syncs with the good preset beside every hostile one', async () => {
    const double = await KubeApiDouble.start();
    const source = new KubePresetSource({
      kubeConfig: kubeConfigFor(double),
      logger: captureLog('debug').logger,
      metrics: testMetrics(),
      timing: { restartInitialMs: 20, restartMaxMs: 100 },
    });
    try {
      apply(double, aNamespace('default'));
      apply(double, JSON.parse(GOOD) as StoredObject);
      SAMPLE.forEach((spec, i) =>
        apply(double, JSON.parse(presetText(`hostile-${i}`, spec)) as StoredObject),
      );
      await source.start();
      expect(goodApplies(source.catalog)).toBe(true);
      expect([...source.presetStates()]).toHaveLength(SAMPLE.length + 1);
    } finally {
      await source.stop();
      await double.close();
    }
  }, 20_000);
});
