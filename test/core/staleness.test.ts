/**
 * The staleness decision (docs/SPEC.md §10), on Pods as the webhook really made them: each starts as
 * the webhook's own output (evaluate + the patch applied), then the presets change.
 */
import { describe, expect, it } from 'vitest';
import { PresetCatalog } from '../../src/core/catalog.js';
import { evaluate } from '../../src/core/evaluate.js';
import { podStaleness, reportable, type LivePod } from '../../src/core/staleness.js';
import type { JsonObject } from '../../src/core/types.js';
import { aPod, aPreset, applyPatch, catalogOf, compiled } from '../helpers/builders.js';

const db = (env: Record<string, string>, resourceVersion = '1'): JsonObject =>
  aPreset(
    'db',
    {
      selector: { matchLabels: { app: 'web' } },
      env: Object.entries(env).map(([name, value]) => ({ name, value })),
    },
    { resourceVersion },
  );

/** admitted is the Pod the webhook would have created with these presets. */
function admitted(catalog: PresetCatalog, pod: LivePod = aPod()): LivePod {
  const evaluation = evaluate(pod, '', 'default', catalog);
  return applyPatch(pod, evaluation.patch);
}

const stale = (pod: LivePod, catalog: PresetCatalog) =>
  podStaleness(pod, 'default', catalog).map(({ reason, preset }) => `${reason} ${preset}`);

describe('podStaleness', () => {
  it('finds nothing on a Pod the webhook made from today’s presets', () => {
    const catalog = catalogOf(db({ DB_HOST: 'db' }));
    expect(stale(admitted(catalog), catalog)).toEqual([]);
  });

  it('an annotation older than the preset’s resourceVersion alone is not stale', () => {
    const pod = admitted(catalogOf(db({ DB_HOST: 'db' }, '7')));
    expect(stale(pod, catalogOf(db({ DB_HOST: 'db' }, '42')))).toEqual([]);
  });

  it('outdated: the preset would inject more today', () => {
    const pod = admitted(catalogOf(db({ DB_HOST: 'db' })));
    expect(stale(pod, catalogOf(db({ DB_HOST: 'db', DB_PORT: '5432' }, '2')))).toEqual([
      'outdated PodPreset/db',
    ]);
  });

  it('conflict: a value the preset has since changed, with the conflict named', () => {
    const pod = admitted(catalogOf(db({ DB_HOST: 'db' })));
    const findings = podStaleness(pod, 'default', catalogOf(db({ DB_HOST: 'db.new' }, '2')));
    expect(findings).toEqual([
      {
        reason: 'conflict',
        preset: 'PodPreset/db',
        message: 'PodPreset "db" conflicts with the pod on env var "DB_HOST" in container "app"',
      },
    ]);
  });

  it('missing: a preset that matches now and was never applied', () => {
    const pod = admitted(catalogOf(db({ DB_HOST: 'db' })));
    const tracing = aPreset('tracing', { env: [{ name: 'TRACE', value: 'on' }] });
    expect(stale(pod, catalogOf(db({ DB_HOST: 'db' }), tracing))).toEqual(['missing PodPreset/tracing']);
  });

  it('missing also when the Pod happens to hold every item already', () => {
    const pod = aPod({ spec: { containers: [{ name: 'app', env: [{ name: 'DB_HOST', value: 'db' }] }] } });
    expect(stale(pod, catalogOf(db({ DB_HOST: 'db' })))).toEqual(['missing PodPreset/db']);
  });

  it('removed: the annotation of a preset that is gone, or no longer matches', () => {
    const pod = admitted(catalogOf(db({ DB_HOST: 'db' })));
    expect(stale(pod, new PresetCatalog())).toEqual(['removed PodPreset/db']);
    const elsewhere = aPreset('db', {
      selector: { matchLabels: { app: 'api' } },
      env: [{ name: 'A', value: '1' }],
    });
    expect(stale(pod, catalogOf(elsewhere))).toEqual(['removed PodPreset/db']);
  });

  it('names a removed ClusterPodPreset whose annotation key was shortened by the preset it came from, when it still exists', () => {
    const name = `platform-${'x'.repeat(60)}`;
    const cluster = aPreset(
      name,
      { selector: { matchLabels: { app: 'api' } }, env: [{ name: 'A', value: '1' }] },
      { kind: 'ClusterPodPreset' },
    );
    const key = compiled(cluster).annotationKey;
    const pod = aPod({ annotations: { [key]: '1' } });
    expect(stale(pod, catalogOf(cluster))).toEqual([`removed ClusterPodPreset/${name}`]);
  });

  it('attributes outdated items to the preset that adds them, not to every applied one', () => {
    const tracing = aPreset('tracing', { env: [{ name: 'TRACE', value: 'on' }] });
    const pod = admitted(catalogOf(db({ DB_HOST: 'db' }), tracing));
    const today = catalogOf(
      db({ DB_HOST: 'db' }),
      aPreset('tracing', {
        env: [
          { name: 'TRACE', value: 'on' },
          { name: 'SAMPLE', value: '1' },
        ],
      }),
    );
    expect(stale(pod, today)).toEqual(['outdated PodPreset/tracing']);
  });

  it('reports every reason at once, each about its preset', () => {
    const tracing = aPreset('tracing', { env: [{ name: 'TRACE', value: 'on' }] });
    const pod = admitted(catalogOf(db({ DB_HOST: 'db' }), tracing));
    const proxy = aPreset(
      'proxy',
      { env: [{ name: 'HTTP_PROXY', value: 'proxy:3128' }] },
      { kind: 'ClusterPodPreset' },
    );
    const today = catalogOf(db({ DB_HOST: 'db', DB_PORT: '5432' }), proxy);
    expect(stale(pod, today)).toEqual([
      'missing ClusterPodPreset/proxy',
      'outdated PodPreset/db',
      'removed PodPreset/tracing',
    ]);
  });
});

describe('podStaleness and conflict policies (docs/SPEC.md §8.3)', () => {
  const logging = (env: Record<string, string>, conflictPolicy: string, resourceVersion = '1'): JsonObject =>
    aPreset(
      'logging',
      {
        conflictPolicy,
        env: Object.entries(env).map(([name, value]) => ({ name, value })),
      },
      { resourceVersion },
    );
  const ownLevel = aPod({
    spec: { containers: [{ name: 'app', env: [{ name: 'LOG_LEVEL', value: 'warn' }] }] },
  });

  it('SkipPreset: a preset skipped then as now (the Pod’s own item) is current', () => {
    const catalog = catalogOf(logging({ LOG_LEVEL: 'debug' }, 'SkipPreset'));
    expect(stale(admitted(catalog, ownLevel), catalog)).toEqual([]);
  });

  it('SkipPreset: a preset applied then and skipped now (its value changed) is a conflict', () => {
    const pod = admitted(catalogOf(logging({ LOG_LEVEL: 'debug' }, 'SkipPreset')));
    expect(stale(pod, catalogOf(logging({ LOG_LEVEL: 'trace' }, 'SkipPreset', '2')))).toEqual([
      'conflict PodPreset/logging',
    ]);
  });

  it('KeepExisting: the kept item is not stale, an item the preset added since is outdated', () => {
    const then = catalogOf(logging({ LOG_LEVEL: 'debug' }, 'KeepExisting'));
    const pod = admitted(then, ownLevel);
    expect(stale(pod, then)).toEqual([]);
    const now = catalogOf(logging({ LOG_LEVEL: 'debug', LOG_SQL: 'true' }, 'KeepExisting', '2'));
    expect(stale(pod, now)).toEqual(['outdated PodPreset/logging']);
  });
});

describe('reportable', () => {
  const running = (overrides: Partial<LivePod> = {}): LivePod => ({
    ...aPod(),
    status: { phase: 'Running' },
    ...overrides,
  });

  it('takes running and pending Pods in namespaces the webhook serves', () => {
    expect(reportable(running(), 'default', {})).toBe(true);
    expect(reportable({ ...running(), status: { phase: 'Pending' } }, 'default', {})).toBe(true);
  });

  it('never finished, terminating, excluded or mirror Pods', () => {
    expect(reportable({ ...running(), status: { phase: 'Succeeded' } }, 'default', {})).toBe(false);
    expect(reportable({ ...running(), status: { phase: 'Failed' } }, 'default', {})).toBe(false);
    const terminating = aPod();
    terminating.metadata = { ...terminating.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' };
    expect(reportable(terminating, 'default', {})).toBe(false);
    expect(
      reportable(
        aPod({ annotations: { 'podpreset.admission.kubernetes.io/exclude': 'true' } }),
        'default',
        {},
      ),
    ).toBe(false);
    expect(reportable(aPod({ annotations: { 'kubernetes.io/config.mirror': 'x' } }), 'default', {})).toBe(
      false,
    );
  });

  it('never Pods of namespaces the webhook configuration keeps out', () => {
    expect(reportable(running(), 'kube-system', {})).toBe(false);
    expect(reportable(running(), 'podpreset-system', {})).toBe(false);
    expect(reportable(running(), 'legacy', { 'podpreset.dev/injection': 'disabled' })).toBe(false);
  });
});
