/**
 * webhook-config/monitoring: the optional kustomize component with a ServiceMonitor and a
 * PrometheusRule, rendered on top of both variants as a user's kustomization would, validated
 * against the prometheus-operator CRD schemas, and held to the metrics the code really exports.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CERT_SECRET_NAME,
  SERVICE_DNS_NAME,
  SERVICE_NAME,
  WEBHOOK_NAMESPACE,
} from '../../src/deploy/names.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { METRICS_PATH } from '../../src/server/paths.js';
import { REPO_ROOT, find, kustomize, type KubeObject } from './load.js';
import { upstreamErrors } from './schemas.js';

const FIXTURES = path.join(REPO_ROOT, 'test', 'manifests', 'fixtures');

interface ServiceMonitorShape extends KubeObject {
  spec: {
    selector: { matchLabels: Record<string, string> };
    endpoints: {
      port: string;
      scheme: string;
      path: string;
      tlsConfig: { serverName: string; ca: { secret: { name: string; key: string } } };
    }[];
  };
}
interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels: { severity: string };
  annotations: { summary: string; description: string };
}
interface ServiceShape extends KubeObject {
  spec: { ports: { name: string }[] };
}

/** Every metric the webhook registers, with its label names (histograms also as _bucket/_count/_sum). */
function exportedMetrics(): Map<string, readonly string[]> {
  const metrics = createMetrics({ defaultMetrics: false });
  const out = new Map<string, readonly string[]>();
  for (const metric of metrics.registry.getMetricsAsArray()) {
    const { name, labelNames } = metric as unknown as { name: string; labelNames: string[] };
    out.set(name, labelNames);
    for (const suffix of ['_bucket', '_count', '_sum']) out.set(`${name}${suffix}`, [...labelNames, 'le']);
  }
  return out;
}

describe.each([
  { variant: 'self-managed certificates', dir: 'with-monitoring' },
  { variant: 'cert-manager', dir: 'cert-manager-with-monitoring' },
])('monitoring component on $variant', ({ dir }) => {
  const objects = kustomize(path.join(FIXTURES, dir));
  const monitor = find(objects, 'ServiceMonitor') as ServiceMonitorShape;
  const rules = (
    find(objects, 'PrometheusRule') as KubeObject & { spec: { groups: { rules: Rule[] }[] } }
  ).spec.groups.flatMap((g) => g.rules);

  it.each(
    objects
      .filter((o) => o.apiVersion === 'monitoring.coreos.com/v1')
      .map((o) => ({ id: `${o.kind} ${o.metadata.name}`, o })),
  )('$id validates against its CRD schema', ({ o }) => {
    expect(upstreamErrors(o)).toEqual([]);
  });

  it('scrapes the webhook Service on its HTTPS port, checking the certificate against the CA in the Secret', () => {
    const service = find(objects, 'Service', SERVICE_NAME) as ServiceShape;
    expect(monitor.metadata.namespace).toBe(WEBHOOK_NAMESPACE);
    expect(
      Object.entries(monitor.spec.selector.matchLabels).every(([k, v]) => service.metadata.labels?.[k] === v),
    ).toBe(true);
    expect(monitor.spec.endpoints).toHaveLength(1);
    const [endpoint] = monitor.spec.endpoints;
    expect(service.spec.ports.map((p) => p.name)).toContain(endpoint!.port);
    expect(endpoint).toMatchObject({
      scheme: 'https',
      path: METRICS_PATH,
      tlsConfig: { serverName: SERVICE_DNS_NAME, ca: { secret: { name: CERT_SECRET_NAME, key: 'ca.crt' } } },
    });
  });

  it('alerts on the webhook down or failing, conflicts, invalid presets, an unsynced source and certificate reloads', () => {
    expect(rules.map((r) => r.alert).sort()).toEqual([
      'PodpresetCertificateReloadFailing',
      'PodpresetConflicts',
      'PodpresetPresetsInvalid',
      'PodpresetSourceNotSynced',
      'PodpresetWebhookDown',
      'PodpresetWebhookErrors',
    ]);
    for (const rule of rules) {
      expect(['warning', 'critical'], rule.alert).toContain(rule.labels.severity);
      expect(rule.annotations.summary, rule.alert).toBeTruthy();
      expect(rule.annotations.description, rule.alert).toBeTruthy();
    }
  });

  it('uses only metrics the webhook exports, matched and grouped by their own labels or those of the scrape target', () => {
    const exported = exportedMetrics();
    const targetLabels = ['namespace', 'pod'];
    for (const rule of rules) {
      const labelsInExpr = [...targetLabels];
      for (const [, name, matchers] of rule.expr.matchAll(/\b(podpreset_[a-z_]+)(?:\{([^}]*)\})?/g)) {
        expect(exported.has(name!), `${rule.alert}: ${name} is not exported`).toBe(true);
        labelsInExpr.push(...(exported.get(name!) ?? []));
        for (const [, label] of (matchers ?? '').matchAll(/([a-z_]+)\s*=~?/g)) {
          expect(exported.get(name!), `${rule.alert}: ${name} has no label ${label}`).toContain(label);
        }
      }
      for (const [, grouping] of rule.expr.matchAll(/\bby \(([^)]*)\)/g)) {
        for (const label of grouping!.split(',').map((l) => l.trim())) {
          expect(labelsInExpr, `${rule.alert}: grouped by ${label}`).toContain(label);
        }
      }
    }
  });
});

it('the installs without the component carry no monitoring objects', () => {
  for (const dir of ['webhook-config', 'webhook-config/cert-manager']) {
    const objects = kustomize(path.join(REPO_ROOT, dir));
    expect(objects.filter((o) => o.apiVersion.startsWith('monitoring.coreos.com/'))).toEqual([]);
  }
});
