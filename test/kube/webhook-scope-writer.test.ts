/**
 * --narrow-scope against the API double: the real informers, the real Lease election, the shipped
 * MutatingWebhookConfiguration read and patched over HTTPS, and /validate on the real server.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NAMESPACE_NAME_LABEL } from '../../src/core/catalog.js';
import { startClusterMode, type ClusterMode, type ClusterModeTiming } from '../../src/kube/cluster-mode.js';
import { createMetrics, type Metrics } from '../../src/observability/metrics.js';
import { aReview, type ReviewAnswer } from '../helpers/admission.js';
import {
  aClusterPodPreset,
  aNamespace,
  aPodPreset,
  envPreset,
  FAST_TIMING,
  metricValue,
} from '../helpers/cluster-fixtures.js';
import { postJson } from '../helpers/https-client.js';
import {
  apply,
  get,
  KubeApiDouble,
  list,
  remove,
  writeKubeconfig,
  type StoredObject,
} from '../helpers/kube-api-double.js';
import { captureLog, type CapturedLog } from '../helpers/log-capture.js';
import { startTestServer } from '../helpers/test-server.js';
import { REPO_ROOT, find, kustomize } from '../manifests/load.js';

const LEASE = { namespace: 'podpreset-system', name: 'podpreset-status-writer' };
const CONFIG = 'podpreset';
const WEBHOOK = 'pods.mutate.podpreset.dev';

type Requirement = { key: string; operator: string; values?: string[] };
const SHIPPED = find(kustomize(path.join(REPO_ROOT, 'webhook-config')), 'MutatingWebhookConfiguration');
const STATIC = (SHIPPED['webhooks'] as { namespaceSelector: { matchExpressions: Requirement[] } }[])[0]!
  .namespaceSelector.matchExpressions;

const expressionsIn = (double: KubeApiDouble): Requirement[] =>
  (
    get(double, 'MutatingWebhookConfiguration', CONFIG)?.['webhooks'] as {
      namespaceSelector: { matchExpressions: Requirement[] };
    }[]
  )[0]!.namespaceSelector.matchExpressions;

/** listed is podpreset's own list, or undefined when the selector is the static one alone. */
function listed(double: KubeApiDouble): string[] | undefined {
  const expressions = expressionsIn(double);
  expect(expressions.slice(0, STATIC.length)).toEqual(STATIC);
  expect(expressions.length).toBeLessThanOrEqual(STATIC.length + 1);
  const own = expressions[STATIC.length];
  if (!own) return undefined;
  expect(own).toMatchObject({ key: NAMESPACE_NAME_LABEL, operator: 'NotIn' });
  return own.values;
}

const scopeWrites = (double: KubeApiDouble): number =>
  double.requestsTo('PATCH', 'mutatingwebhookconfigurations').length;

describe('--narrow-scope', () => {
  let double: KubeApiDouble;
  let mode: ClusterMode;
  let log: CapturedLog;
  let metrics: Metrics;

  beforeEach(async () => {
    double = await KubeApiDouble.start();
    apply(double, SHIPPED as unknown as StoredObject);
    apply(double, aNamespace('kube-system'));
    apply(double, aNamespace('podpreset-system', { 'podpreset.dev/injection': 'disabled' }));
    apply(double, aNamespace('opted-out', { 'podpreset.dev/injection': 'disabled' }));
    apply(double, aNamespace('team-b'));
    apply(double, aNamespace('team-a'));
    apply(double, aNamespace('shop'));
    apply(double, aPodPreset('db', 'shop', envPreset({ app: 'web' }, { DB: 'x' })));
  });
  afterEach(async () => {
    await mode?.stop();
    await double.close();
  });

  const start = async (timing: Partial<ClusterModeTiming> = {}): Promise<void> => {
    log = captureLog('debug');
    metrics = createMetrics({ defaultMetrics: false });
    mode = await startClusterMode({
      kubeconfig: writeKubeconfig(double),
      webhookConfigs: [CONFIG],
      lease: LEASE,
      narrowScope: true,
      dnsNames: [],
      identity: 'replica-a',
      logger: log.logger,
      metrics,
      timing: { ...FAST_TIMING, ...timing },
    });
    await mode.presets.start();
  };

  it('lists the quiet namespaces after start, after the static exclusions, and writes nothing more while nothing changes', async () => {
    await start();
    // The log line and the metrics follow once the write's answer is back.
    await vi.waitFor(() => {
      expect(listed(double)).toEqual(['team-a', 'team-b']);
      expect(log.messages()).toContain('webhook scope updated');
    });
    expect(scopeWrites(double)).toBe(1);
    const patch = double.requestsTo('PATCH', 'mutatingwebhookconfigurations')[0]!;
    expect(patch.contentType).toBe('application/json-patch+json');
    expect(patch.name).toBe(CONFIG);

    const line = log.lines().find((l) => l['msg'] === 'webhook scope updated');
    expect(line).toMatchObject({ webhook: WEBHOOK, added: ['team-a', 'team-b'], removed: [], namespaces: 2 });
    expect(await metricValue(metrics, 'podpreset_webhook_scope_namespaces', { webhook: WEBHOOK })).toBe(2);
    expect(
      await metricValue(metrics, 'podpreset_webhook_scope_updates_total', {
        webhook: WEBHOOK,
        trigger: 'sync',
      }),
    ).toBe(1);

    // Passes keep running (each reads the configuration) and find nothing to write.
    const reads = double.requestsTo('GET', 'mutatingwebhookconfigurations').length;
    apply(double, aPodPreset('cache', 'shop', envPreset({ app: 'web' }, { CACHE: 'y' })));
    await vi.waitFor(() =>
      expect(double.requestsTo('GET', 'mutatingwebhookconfigurations').length).toBeGreaterThan(reads + 3),
    );
    expect(scopeWrites(double)).toBe(1);
  });

  it('follows namespaces and presets: a new namespace, a PodPreset in it, a relabelled namespace, ClusterPodPresets, a deleted preset', async () => {
    await start();
    await vi.waitFor(() => expect(listed(double)).toEqual(['team-a', 'team-b']));

    apply(double, aNamespace('new'));
    await vi.waitFor(() => {
      expect(listed(double)).toEqual(['new', 'team-a', 'team-b']);
      const added = log.lines().filter((l) => l['msg'] === 'webhook scope updated');
      expect(added.at(-1)).toMatchObject({ added: ['new'], removed: [] });
    });

    apply(double, aPodPreset('p', 'new', envPreset({}, { A: '1' })));
    await vi.waitFor(() => expect(listed(double)).toEqual(['team-a', 'team-b']));

    apply(
      double,
      aClusterPodPreset('prod', {
        namespaceSelector: { matchLabels: { env: 'prod' } },
        ...envPreset({}, { ENV: 'prod' }),
      }),
    );
    apply(double, aNamespace('team-b', { env: 'prod' })); // relabelled: now the ClusterPodPreset selects it
    await vi.waitFor(() => expect(listed(double)).toEqual(['team-a']));

    apply(double, aClusterPodPreset('everywhere', envPreset({ app: 'web' }, { TZ: 'UTC' })));
    await vi.waitFor(() => expect(listed(double)).toBeUndefined());
    // The gauge follows once the write's answer is back.
    await vi.waitFor(async () =>
      expect(await metricValue(metrics, 'podpreset_webhook_scope_namespaces', { webhook: WEBHOOK })).toBe(0),
    );

    remove(double, 'ClusterPodPreset', 'everywhere');
    remove(double, 'PodPreset', 'p', 'new');
    await vi.waitFor(() => expect(listed(double)).toEqual(['new', 'team-a']));
  });

  it('still drops a namespace that now needs the webhook when the longer list is refused (too large to store)', async () => {
    await start();
    await vi.waitFor(() => expect(listed(double)).toEqual(['team-a', 'team-b']));
    // The API server refuses a webhook configuration past etcd's 1.5 MiB (about 23,000 namespaces
    // of 63 characters) with 413: here, any list longer than two.
    const valuesOf = (operation: unknown): unknown =>
      (operation as { value?: { values?: unknown } | unknown[] }).value;
    double.refuseWhen((request) => {
      if (request.method !== 'PATCH' || request.resource !== 'mutatingwebhookconfigurations')
        return undefined;
      const lists = (request.body as unknown[]).map((op) => {
        const value = valuesOf(op);
        return Array.isArray(value) ? value : (value as { values?: unknown[] } | undefined)?.values;
      });
      return lists.some((l) => Array.isArray(l) && l.length > 2) ? 413 : undefined;
    });
    apply(
      double,
      aClusterPodPreset('prod', {
        namespaceSelector: { matchLabels: { env: 'prod' } },
        ...envPreset({}, { ENV: 'prod' }),
      }),
    );
    apply(double, aNamespace('new-1'));
    apply(double, aNamespace('new-2'));
    apply(double, aNamespace('team-b', { env: 'prod' })); // now the ClusterPodPreset selects it
    // The wanted list [new-1, new-2, team-a] is refused; team-b must leave the list all the same.
    await vi.waitFor(() => expect(listed(double)).toEqual(['team-a']));
    await vi.waitFor(() =>
      expect(log.lines().filter((l) => l['msg'] === 'webhook scope not updated').length).toBeGreaterThan(0),
    );
    double.refuseWhen(undefined);
    await vi.waitFor(() => expect(listed(double)).toEqual(['new-1', 'new-2', 'team-a']));
  });

  it('drops a namespace at once when /validate admits a preset there, before the preset is stored; not for a dry run', async () => {
    // No periodic passes: the widening is the only writer until the test makes an event.
    await start({ scopeResyncMs: 600_000 });
    await vi.waitFor(() => expect(listed(double)).toEqual(['team-a', 'team-b']));
    const server = await startTestServer({
      presets: mode.presets,
      ...(mode.presetAdmission ? { presetAdmission: mode.presetAdmission } : {}),
    });
    try {
      const preset = aPodPreset('late', 'team-a', envPreset({}, { LATE: '1' }));
      const review = (dryRun: boolean): Record<string, unknown> =>
        aReview(preset, {
          namespace: 'team-a',
          group: 'podpreset.dev',
          kind: 'PodPreset',
          resource: 'podpresets',
          dryRun,
        });

      const dry = (await postJson(server, '/validate', review(true))).json<ReviewAnswer>();
      expect(dry.response.allowed).toBe(true);
      expect(listed(double)).toEqual(['team-a', 'team-b']);

      const answer = (await postJson(server, '/validate', review(false))).json<ReviewAnswer>();
      expect(answer.response.allowed).toBe(true);
      // Answered only once the namespace left the list, and the preset is not stored yet.
      expect(listed(double)).toEqual(['team-b']);
      expect(list(double, 'PodPreset', 'team-a')).toEqual([]);
      expect(
        await metricValue(metrics, 'podpreset_webhook_scope_updates_total', {
          webhook: WEBHOOK,
          trigger: 'preset',
        }),
      ).toBe(1);
      expect(
        log.lines().find((l) => l['msg'] === 'webhook scope widened for an admitted preset'),
      ).toMatchObject({
        preset: 'PodPreset/late',
        presetNamespace: 'team-a',
        removed: ['team-a'],
      });

      // The elected replica's passes do not put it back before the preset arrives, nor after.
      apply(double, aNamespace('other'));
      await vi.waitFor(() => expect(listed(double)).toEqual(['other', 'team-b']));
      apply(double, preset);
      await vi.waitFor(() => expect(mode.presets.catalog.hasPresetsFor('team-a')).toBe(true));
      remove(double, 'Namespace', 'other'); // one more pass, now with the preset in the cache
      await vi.waitFor(() => expect(listed(double)).toEqual(['team-b']));
    } finally {
      await server.close();
    }
  });

  it('keeps what a person edits meanwhile, survives the configuration being deleted and dropped watches', async () => {
    await start();
    await vi.waitFor(() => expect(listed(double)).toEqual(['team-a', 'team-b']));

    // A person edits other fields, and adds a requirement of their own after podpreset's.
    const edited = structuredClone(get(double, 'MutatingWebhookConfiguration', CONFIG)!);
    (edited['metadata'] as { labels?: object }).labels = { owner: 'platform' };
    const webhook = (edited['webhooks'] as Record<string, unknown>[])[0]!;
    webhook['timeoutSeconds'] = 3;
    const selector = webhook['namespaceSelector'] as { matchExpressions: Requirement[] };
    selector.matchExpressions.push({ key: 'team', operator: 'NotIn', values: ['legacy'] });
    apply(double, edited);
    apply(double, aNamespace('new'));
    await vi.waitFor(() =>
      expect(expressionsIn(double)[STATIC.length]?.values).toEqual(['new', 'team-a', 'team-b']),
    );
    const kept = get(double, 'MutatingWebhookConfiguration', CONFIG)!;
    expect((kept['metadata'] as { labels?: object }).labels).toEqual({ owner: 'platform' });
    expect((kept['webhooks'] as Record<string, unknown>[])[0]!['timeoutSeconds']).toBe(3);
    expect(expressionsIn(double).at(-1)).toEqual({ key: 'team', operator: 'NotIn', values: ['legacy'] });

    // Deleted while running: said once, nothing thrown; applied again: narrowed again.
    remove(double, 'MutatingWebhookConfiguration', CONFIG);
    await vi.waitFor(() =>
      expect(
        log.lines().filter((l) => l['msg'] === 'no MutatingWebhookConfiguration of this name to narrow'),
      ).toHaveLength(1),
    );
    apply(double, structuredClone(SHIPPED) as unknown as StoredObject);
    await vi.waitFor(() => expect(listed(double)).toEqual(['new', 'team-a', 'team-b']));

    // Watches cut: the informers reconnect, and the list follows what changed meanwhile.
    double.dropWatches();
    apply(double, aPodPreset('p', 'new', envPreset({}, { A: '1' })));
    await vi.waitFor(() => expect(listed(double)).toEqual(['team-a', 'team-b']));
  });

  it('leaves a webhook without a static name requirement alone, and says so once', async () => {
    const configuration = structuredClone(SHIPPED) as unknown as StoredObject;
    (configuration['webhooks'] as { namespaceSelector: unknown }[])[0]!.namespaceSelector = {
      matchExpressions: [{ key: 'podpreset.dev/injection', operator: 'NotIn', values: ['disabled'] }],
    };
    apply(double, configuration);
    await start();
    const reads = double.requestsTo('GET', 'mutatingwebhookconfigurations').length;
    await vi.waitFor(() =>
      expect(double.requestsTo('GET', 'mutatingwebhookconfigurations').length).toBeGreaterThan(reads + 3),
    );
    expect(scopeWrites(double)).toBe(0);
    const warnings = log.lines().filter((l) => l['msg'] === 'webhook scope not narrowed');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!['problem']).toMatch(/no "kubernetes.io\/metadata.name NotIn" requirement/);
  });
});
