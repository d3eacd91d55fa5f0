/**
 * Preset sets of the sizes docs/SPEC.md §7 measures. Three presets match the bench Pod (two PodPresets
 * and a ClusterPodPreset, except in the one-preset set); the rest are realistic non-matching
 * presets in the Pod's namespace and in others.
 */
import { BENCH_NAMESPACE } from './review.js';

const podPreset = (name: string, namespace: string, app: string, i: number) => ({
  apiVersion: 'podpreset.dev/v1alpha1',
  kind: 'PodPreset',
  metadata: { name, namespace, resourceVersion: String(1000 + i) },
  spec: {
    selector: { matchLabels: { app } },
    env: [{ name: `SETTING_${i % 50}`, value: `value-${i}` }],
    volumes: [{ name: `config-${i % 7}`, configMap: { name: `config-${i}` } }],
    volumeMounts: [{ name: `config-${i % 7}`, mountPath: `/etc/config/${i % 7}`, readOnly: true }],
  },
});

/**
 * The one preset of the one-preset set carries everything the three matching presets of the
 * larger sets carry, so every set injects the same items and the runs differ in preset count only.
 */
function allInOne(matching: ReadonlyArray<{ spec: object }>): object {
  const merged: Record<string, unknown[]> = {};
  for (const { spec } of matching) {
    for (const field of ['env', 'envFrom', 'volumes', 'volumeMounts', 'initContainers', 'tolerations']) {
      const items = (spec as Record<string, unknown>)[field];
      if (Array.isArray(items)) merged[field] = [...(merged[field] ?? []), ...(items as unknown[])];
    }
  }
  return {
    apiVersion: 'podpreset.dev/v1alpha1',
    kind: 'PodPreset',
    metadata: { name: 'checkout-all', namespace: BENCH_NAMESPACE, resourceVersion: '1' },
    spec: { selector: { matchLabels: { app: 'checkout' } }, ...merged },
  };
}

/** `in-tree`: the four fields of §2 only; `beyond`: the same catalog using §8 fields (PRODUCT §8). */
export type CatalogVariant = 'in-tree' | 'beyond';

/**
 * withBeyondFields turns a catalog into its §8 variant: a third of the presets target one
 * container by name (`checkout`, or a pattern), and the matching `tracing` preset adds a native
 * sidecar and a toleration, so a review pays for targeting, containment and the init-container
 * block on top of today's work.
 */
function withBeyondFields(documents: object[]): object[] {
  return documents.map((document, i) => {
    const preset = document as { metadata: { name: string }; spec: Record<string, unknown> };
    const spec = { ...preset.spec };
    if (preset.metadata.name === 'tracing') {
      spec['initContainers'] = [
        {
          name: 'otel-agent',
          image: 'otel/opentelemetry-collector:0.111.0',
          restartPolicy: 'Always',
          resources: { limits: { cpu: '100m', memory: '128Mi' } },
        },
      ];
      spec['tolerations'] = [
        { key: 'dedicated', operator: 'Equal', value: 'payments', effect: 'NoSchedule' },
      ];
    } else if (i % 3 === 0) {
      spec['containerSelector'] = {
        names: i % 2 === 0 ? ['checkout'] : ['check*'],
        excludeNames: ['*-exporter'],
      };
    }
    return { ...preset, spec };
  });
}

/** presetDocuments returns `total` presets; `inNamespace` of them in the bench Pod's namespace. */
export function presetDocuments(
  total: number,
  inNamespace: number,
  variant: CatalogVariant = 'in-tree',
): object[] {
  const documents = inTreeDocuments(total, inNamespace);
  return variant === 'beyond' ? withBeyondFields(documents) : documents;
}

function inTreeDocuments(total: number, inNamespace: number): object[] {
  const matching = [
    {
      apiVersion: 'podpreset.dev/v1alpha1',
      kind: 'ClusterPodPreset',
      metadata: { name: 'corporate-proxy', resourceVersion: '1' },
      spec: {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': BENCH_NAMESPACE } },
        env: [{ name: 'HTTPS_PROXY', value: 'http://proxy.corp.example:3128' }],
      },
    },
    podPreset('checkout-db', BENCH_NAMESPACE, 'checkout', 2),
    {
      apiVersion: 'podpreset.dev/v1alpha1',
      kind: 'PodPreset',
      metadata: { name: 'tracing', namespace: BENCH_NAMESPACE, resourceVersion: '3' },
      spec: {
        selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend', 'frontend'] }] },
        envFrom: [{ configMapRef: { name: 'otel-settings' } }],
      },
    },
  ];
  if (total === 1) return [allInOne(matching)];
  const others: object[] = [];
  for (let i = 0; others.length < Math.min(inNamespace - 2, total - matching.length); i++)
    others.push(podPreset(`service-${i}`, BENCH_NAMESPACE, `service-${i}`, i + 10));
  for (let i = 0; others.length < total - matching.length; i++)
    others.push(podPreset(`service-${i}`, `team-${i % 90}`, `service-${i}`, i + 10));
  return [...matching, ...others];
}
