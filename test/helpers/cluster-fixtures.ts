/** Builders for cluster-mode tests: presets, namespaces, admission requests, metrics. */
import type { AdmissionRequest } from '../../src/admission/review.js';
import type { ClusterModeTiming } from '../../src/kube/cluster-mode.js';
import { createMetrics, type Metrics } from '../../src/observability/metrics.js';
import type { StoredObject } from './kube-api-double.js';

/** Cluster-mode timing for tests: backoffs, leases and debounces in tens of milliseconds. */
export const FAST_TIMING: Partial<ClusterModeTiming> = {
  restartInitialMs: 20,
  restartMaxMs: 100,
  leaseDurationMs: 1000,
  leaseRenewIntervalMs: 100,
  leaseRetryIntervalMs: 100,
  statusDebounceMs: 20,
  secretPollMs: 100,
  caBundleIntervalMs: 100,
  scopeDebounceMs: 20,
  scopeResyncMs: 50,
};

export const testMetrics = (): Metrics => createMetrics({ defaultMetrics: false });

/** metricValue reads one sample of a metric, by labels. */
export async function metricValue(
  metrics: Metrics,
  name: string,
  labels: Record<string, string> = {},
): Promise<number | undefined> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) return undefined;
  const { values } = await metric.get();
  const found = values.find((v) => Object.entries(labels).every(([k, value]) => v.labels[k] === value));
  return found?.value;
}

export function aPodPreset(name: string, namespace: string, spec: Record<string, unknown>): StoredObject {
  return { apiVersion: 'podpreset.dev/v1alpha1', kind: 'PodPreset', metadata: { name, namespace }, spec };
}

export function aClusterPodPreset(name: string, spec: Record<string, unknown>): StoredObject {
  return { apiVersion: 'podpreset.dev/v1alpha1', kind: 'ClusterPodPreset', metadata: { name }, spec };
}

export function aNamespace(name: string, labels: Record<string, string> = {}): StoredObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export const envPreset = (
  selector: Record<string, string>,
  env: Record<string, string>,
): Record<string, unknown> => ({
  selector: { matchLabels: selector },
  env: Object.entries(env).map(([name, value]) => ({ name, value })),
});

let uid = 0;

/** podCreate is a Pod CREATE AdmissionRequest, the way the API server sends it. */
export function podCreate(
  namespace: string,
  labels: Record<string, string>,
  options: { name?: string; generateName?: string; env?: Record<string, string>; dryRun?: boolean } = {},
): AdmissionRequest {
  uid += 1;
  const metadata = {
    ...(options.name !== undefined ? { name: options.name } : {}),
    ...(options.generateName !== undefined ? { generateName: options.generateName } : {}),
    namespace,
    labels,
  };
  return {
    uid: `uid-${uid}`,
    kind: { group: '', version: 'v1', kind: 'Pod' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    operation: 'CREATE',
    namespace,
    ...(options.name !== undefined ? { name: options.name } : {}),
    dryRun: options.dryRun ?? false,
    object: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata,
      spec: {
        containers: [
          {
            name: 'app',
            image: 'app:1',
            ...(options.env
              ? { env: Object.entries(options.env).map(([name, value]) => ({ name, value })) }
              : {}),
          },
        ],
      },
    },
  };
}
