/**
 * The webhook's namespace, changed in one place: an overlay's `namespace:` with the
 * namespace-references transformer (README, "Installing into another namespace"), for the
 * self-managed and cert-manager installs, with and without the monitoring component; and the
 * base's own `namespace:` as the only place the shipped default is written.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServeArgs, type ServeOptions } from '../../src/cli/serve-flags.js';
import { excludingSelector, namespaceExclusions } from '../../src/core/excluded-namespaces.js';
import {
  CERT_SECRET_NAME,
  NAMESPACE_INJECTION_DISABLED,
  NAMESPACE_INJECTION_LABEL,
  SERVICE_ACCOUNT,
  SERVICE_NAME,
  WEBHOOK_CONFIGURATION_NAME,
  WEBHOOK_NAMESPACE,
} from '../../src/deploy/names.js';
import { deploymentOf, expandedArgs } from './deployment-shape.js';
import { CLUSTER_SCOPED } from './kustomize-namespace.js';
import { REPO_ROOT, find, kustomizationOf, kustomize, type KubeObject } from './load.js';

const OTHER = 'platform-webhooks';
const FIXTURES = path.join(REPO_ROOT, 'test', 'manifests', 'fixtures');

interface Reference {
  kind?: string;
  name: string;
  namespace?: string;
}
interface WebhookConfigurationShape extends KubeObject {
  webhooks: {
    clientConfig: { service: Reference };
    namespaceSelector?: unknown;
  }[];
}
interface CertificateShape extends KubeObject {
  spec: { secretName: string; dnsNames?: string[] };
}
interface ServiceMonitorShape extends KubeObject {
  spec: { endpoints: { tlsConfig: { serverName: string } }[] };
}

/** What `podpreset serve` makes of the Deployment's args and env in its Pod. */
function serveOptions(objects: readonly KubeObject[]): ServeOptions {
  const options = parseServeArgs(expandedArgs(objects), {
    POD_NAMESPACE: deploymentOf(objects).metadata.namespace,
  });
  if (options === 'help') throw new Error('the Deployment asks for help');
  return options;
}

/** Every object, reference and name that spells the webhook's namespace, checked against NAMESPACE. */
function expectAllIn(objects: readonly KubeObject[], namespace: string): void {
  const ns = find(objects, 'Namespace');
  expect(ns.metadata.name).toBe(namespace);
  expect(ns.metadata.labels?.[NAMESPACE_INJECTION_LABEL]).toBe(NAMESPACE_INJECTION_DISABLED);
  for (const o of objects) {
    expect(o.metadata.namespace, `${o.kind} ${o.metadata.name}`).toBe(
      CLUSTER_SCOPED.has(o.kind) ? undefined : namespace,
    );
  }
  const service = find(objects, 'Service', SERVICE_NAME);
  const serviceDns = `${service.metadata.name}.${service.metadata.namespace ?? ''}.svc`;

  // The API server calls the Service where it is.
  for (const kind of ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']) {
    const config = find(objects, kind, WEBHOOK_CONFIGURATION_NAME) as WebhookConfigurationShape;
    for (const webhook of config.webhooks) {
      expect(webhook.clientConfig.service).toMatchObject({
        name: service.metadata.name,
        namespace: service.metadata.namespace,
      });
    }
  }
  // The selector keeps out the webhook's own namespace, by the rule the webhook applies itself.
  const options = serveOptions(objects);
  expect(options.webhookNamespace).toBe(ns.metadata.name);
  const mutating = find(objects, 'MutatingWebhookConfiguration') as WebhookConfigurationShape;
  expect(mutating.webhooks[0]?.namespaceSelector).toEqual(
    excludingSelector(namespaceExclusions(options.webhookNamespace)),
  );
  // Every binding binds the ServiceAccount the Deployment runs as.
  const account = find(objects, 'ServiceAccount', SERVICE_ACCOUNT);
  expect(deploymentOf(objects).spec.template.spec.serviceAccountName).toBe(account.metadata.name);
  const bindings = objects.filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding');
  expect(bindings.length).toBeGreaterThan(0);
  for (const binding of bindings) {
    expect((binding as KubeObject & { subjects: Reference[] }).subjects, binding.metadata.name).toEqual([
      { kind: 'ServiceAccount', name: account.metadata.name, namespace: account.metadata.namespace },
    ]);
  }
  // The serving certificate is valid for the Service's DNS name: self-managed, the webhook issues
  // it for --dns-name into --cert-secret; with cert-manager, the Certificate names it.
  const serving = objects.find(
    (o) => o.kind === 'Certificate' && (o as CertificateShape).spec.secretName === CERT_SECRET_NAME,
  ) as CertificateShape | undefined;
  if (serving) {
    expect(serving.spec.dnsNames).toEqual([serviceDns, `${serviceDns}.cluster.local`]);
    for (const kind of ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']) {
      expect(find(objects, kind).metadata.annotations?.['cert-manager.io/inject-ca-from']).toBe(
        `${serving.metadata.namespace ?? ''}/${serving.metadata.name}`,
      );
    }
  } else {
    expect(options.dnsNames).toEqual([serviceDns]);
    expect(options.certSecret).toEqual({ namespace, name: CERT_SECRET_NAME });
  }
  expect(options.lease?.namespace).toBe(namespace);
  // Prometheus checks the certificate for the Service's DNS name.
  for (const monitor of objects.filter((o) => o.kind === 'ServiceMonitor') as ServiceMonitorShape[]) {
    expect(monitor.spec.endpoints.map((e) => e.tlsConfig.serverName)).toEqual([serviceDns]);
  }
}

describe.each([
  {
    install: 'self-managed (the example overlay)',
    dir: path.join(REPO_ROOT, 'webhook-config/examples/other-namespace'),
  },
  { install: 'self-managed with monitoring', dir: path.join(FIXTURES, 'other-namespace-with-monitoring') },
  { install: 'cert-manager', dir: path.join(FIXTURES, 'other-namespace-cert-manager'), certManager: true },
  {
    install: 'cert-manager with monitoring',
    dir: path.join(FIXTURES, 'other-namespace-cert-manager-with-monitoring'),
    certManager: true,
  },
])('$install in namespace platform-webhooks', ({ dir, certManager }) => {
  const objects = kustomize(dir);

  it('leaves podpreset-system nowhere', () => {
    expect(JSON.stringify(objects)).not.toContain(WEBHOOK_NAMESPACE);
  });

  it('puts every object, reference, DNS name and exclusion in platform-webhooks', () => {
    expectAllIn(objects, OTHER);
  });

  it('has the same objects as the install it starts from, moved', () => {
    const shipped = kustomize(path.join(REPO_ROOT, 'webhook-config', certManager ? 'cert-manager' : ''));
    const kinds = (list: readonly KubeObject[]) =>
      list
        .filter((o) => !o.apiVersion.startsWith('monitoring.coreos.com/'))
        .map((o) => (o.kind === 'Namespace' ? o.kind : `${o.kind}/${o.metadata.name}`))
        .sort();
    expect(kinds(objects)).toEqual(kinds(shipped));
  });
});

describe('the shipped installs', () => {
  it.each([
    'webhook-config',
    'webhook-config/cert-manager',
    'test/manifests/fixtures/with-monitoring',
    'test/manifests/fixtures/cert-manager-with-monitoring',
  ])('%s keeps every reference in the default namespace', (dir) => {
    expectAllIn(kustomize(path.join(REPO_ROOT, dir)), WEBHOOK_NAMESPACE);
  });

  it('write their namespace once, in the base kustomization; only the example overlay sets another', () => {
    expect(kustomizationOf(path.join(REPO_ROOT, 'webhook-config/base')).namespace).toBe(WEBHOOK_NAMESPACE);
    for (const dir of ['webhook-config', 'webhook-config/cert-manager', 'webhook-config/monitoring']) {
      expect(kustomizationOf(path.join(REPO_ROOT, dir)).namespace, dir).toBeUndefined();
    }
  });

  describe('with the base namespace changed, and nothing else', () => {
    // A copy of webhook-config/ and crds/ whose base/kustomization.yaml says `namespace: elsewhere`.
    let copy = '';
    beforeAll(() => {
      copy = mkdtempSync(path.join(tmpdir(), 'podpreset-namespace-'));
      for (const dir of ['webhook-config', 'crds'])
        cpSync(path.join(REPO_ROOT, dir), path.join(copy, dir), { recursive: true });
      const base = path.join(copy, 'webhook-config/base/kustomization.yaml');
      const text = readFileSync(base, 'utf8');
      const line = `\nnamespace: ${WEBHOOK_NAMESPACE}\n`;
      if (!text.includes(line)) throw new Error(`${base} has no line namespace: ${WEBHOOK_NAMESPACE}`);
      writeFileSync(base, text.replace(line, '\nnamespace: elsewhere\n'));
    });
    afterAll(() => rmSync(copy, { recursive: true, force: true }));

    it.each(['webhook-config', 'webhook-config/cert-manager'])('%s moves entirely', (dir) => {
      const objects = kustomize(path.join(copy, dir));
      expect(JSON.stringify(objects)).not.toContain(WEBHOOK_NAMESPACE);
      expectAllIn(objects, 'elsewhere');
    });
  });
});
