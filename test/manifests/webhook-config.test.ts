import { readFileSync } from 'node:fs';
import path from 'node:path';
import { evaluate } from '@marcbachmann/cel-js';
import { describe, expect, it } from 'vitest';
import { EXCLUDE_ANNOTATION } from '../../src/core/annotations.js';
import { CLUSTER_POD_PRESET, GROUP, POD_PRESET, VERSION } from '../../src/core/api.js';
import {
  DEFAULT_PORT,
  HEALTHZ_PATH,
  MUTATE_PATH,
  READYZ_PATH,
  VALIDATE_PATH,
} from '../../src/server/paths.js';
import {
  CERT_SECRET_NAME,
  CONTAINER_PORT_NAME,
  NAMESPACE_INJECTION_DISABLED,
  NAMESPACE_INJECTION_LABEL,
  SERVICE_ACCOUNT,
  SERVICE_DNS_NAME,
  SERVICE_NAME,
  SERVICE_PORT,
  STATUS_LEASE_NAME,
  WEBHOOK_CONFIGURATION_NAME,
  WEBHOOK_NAMESPACE,
} from '../../src/deploy/names.js';
import { excludingSelector, SHIPPED_EXCLUSIONS } from '../../src/core/excluded-namespaces.js';
import { REPO_ROOT, find, kustomizationOf, kustomize, yamlFilesIn, type KubeObject } from './load.js';
import { containerOf, deploymentOf, expandedArgs } from './deployment-shape.js';
import { CLUSTER_SCOPED } from './kustomize-namespace.js';
import { upstreamErrors } from './schemas.js';

const WEBHOOK_CONFIG = path.join(REPO_ROOT, 'webhook-config');
const BASE = path.join(WEBHOOK_CONFIG, 'base');
const CERT_MANAGER = path.join(WEBHOOK_CONFIG, 'cert-manager');
const PACKAGE = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
};

const selfManaged = kustomize(WEBHOOK_CONFIG);
const certManager = kustomize(CERT_MANAGER);

// ---- RBAC: what the ServiceAccount may do, flattened to one line per permission ----------------

interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** One permission: `scope group resource verb name` (name `-` when any name is allowed). */
function permission(scope: string, group: string, resource: string, verb: string, name?: string): string {
  return `${scope} ${group || 'core'} ${resource} ${verb} ${name ?? '-'}`;
}

function permissionsOf(scope: string, rules: readonly PolicyRule[]): string[] {
  const out: string[] = [];
  for (const rule of rules) {
    for (const group of rule.apiGroups ?? [])
      for (const resource of rule.resources ?? [])
        for (const verb of rule.verbs)
          for (const name of rule.resourceNames ?? [undefined])
            out.push(permission(scope, group, resource, verb, name));
  }
  return out;
}

interface Binding extends KubeObject {
  roleRef: { apiGroup: string; kind: string; name: string };
  subjects: { kind: string; name: string; namespace?: string }[];
}

/** grantedToServiceAccount follows every (Cluster)RoleBinding of the webhook's ServiceAccount. */
function grantedToServiceAccount(objects: readonly KubeObject[]): string[] {
  const out: string[] = [];
  for (const binding of objects.filter((o) => o.kind === 'ClusterRoleBinding' || o.kind === 'RoleBinding')) {
    const b = binding as Binding;
    const forUs = b.subjects.some(
      (s) => s.kind === 'ServiceAccount' && s.name === SERVICE_ACCOUNT && s.namespace === WEBHOOK_NAMESPACE,
    );
    if (!forUs) continue;
    const role = objects.find(
      (o) =>
        o.kind === b.roleRef.kind &&
        o.metadata.name === b.roleRef.name &&
        (o.kind === 'ClusterRole' || o.metadata.namespace === b.metadata.namespace),
    ) as (KubeObject & { rules: PolicyRule[] }) | undefined;
    expect(role, `${b.kind} ${b.metadata.name} refers to a missing ${b.roleRef.kind}`).toBeDefined();
    const scope = b.kind === 'ClusterRoleBinding' ? 'cluster' : `ns:${b.metadata.namespace ?? ''}`;
    out.push(...permissionsOf(scope, role?.rules ?? []));
  }
  return out.sort();
}

/** The table "API calls cluster mode makes" in docs/CONVENTIONS.md, one line per permission. */
const ALWAYS = [
  ...['get', 'list', 'watch'].flatMap((verb) =>
    [POD_PRESET.plural, CLUSTER_POD_PRESET.plural].map((r) => permission('cluster', GROUP, r, verb)),
  ),
  ...['get', 'patch', 'update'].flatMap((verb) =>
    [POD_PRESET.plural, CLUSTER_POD_PRESET.plural].map((r) =>
      permission('cluster', GROUP, `${r}/status`, verb),
    ),
  ),
  ...['get', 'list', 'watch'].map((verb) => permission('cluster', '', 'namespaces', verb)),
  ...['create', 'patch'].map((verb) => permission('cluster', '', 'events', verb)),
  // --narrow-scope: the mutating webhook's namespaceSelector.
  ...['get', 'patch'].map((verb) =>
    permission(
      'cluster',
      'admissionregistration.k8s.io',
      'mutatingwebhookconfigurations',
      verb,
      WEBHOOK_CONFIGURATION_NAME,
    ),
  ),
  permission(`ns:${WEBHOOK_NAMESPACE}`, 'coordination.k8s.io', 'leases', 'create'),
  ...['get', 'update'].map((verb) =>
    permission(`ns:${WEBHOOK_NAMESPACE}`, 'coordination.k8s.io', 'leases', verb, STATUS_LEASE_NAME),
  ),
];
const SELF_MANAGED_CERTS = [
  ...['get', 'patch'].map((verb) =>
    permission(
      'cluster',
      'admissionregistration.k8s.io',
      'validatingwebhookconfigurations',
      verb,
      WEBHOOK_CONFIGURATION_NAME,
    ),
  ),
  permission(`ns:${WEBHOOK_NAMESPACE}`, '', 'secrets', 'create'),
  ...['get', 'update'].map((verb) =>
    permission(`ns:${WEBHOOK_NAMESPACE}`, '', 'secrets', verb, CERT_SECRET_NAME),
  ),
];

// ---- the shapes the tests read -------------------------------------------------------------------

interface Webhook {
  name: string;
  admissionReviewVersions: string[];
  clientConfig: {
    service: { name: string; namespace: string; path: string; port: number };
    caBundle?: string;
  };
  rules: {
    operations: string[];
    apiGroups: string[];
    apiVersions: string[];
    resources: string[];
    scope: string;
  }[];
  matchPolicy: string;
  failurePolicy: string;
  sideEffects: string;
  timeoutSeconds: number;
  reinvocationPolicy?: string;
  namespaceSelector?: { matchExpressions: { key: string; operator: string; values: string[] }[] };
  matchConditions?: { name: string; expression: string }[];
}
interface WebhookConfiguration extends KubeObject {
  webhooks: Webhook[];
}

function webhookOf(objects: readonly KubeObject[], kind: string): Webhook {
  const config = find(objects, kind, WEBHOOK_CONFIGURATION_NAME) as WebhookConfiguration;
  expect(config.webhooks).toHaveLength(1);
  return config.webhooks[0] as Webhook;
}
/** serviceAt is the clientConfig.service that reaches PATH through the webhook's Service. */
function serviceAt(path: string): Webhook['clientConfig']['service'] {
  return { name: SERVICE_NAME, namespace: WEBHOOK_NAMESPACE, path, port: SERVICE_PORT };
}
function subsetOf(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

// ---- both variants -------------------------------------------------------------------------------

describe.each([
  { variant: 'self-managed certificates (webhook-config/)', objects: selfManaged },
  { variant: 'cert-manager (webhook-config/cert-manager/)', objects: certManager },
])('$variant', ({ objects }) => {
  const upstreamKinds = objects.filter((o) => !o.apiVersion.startsWith('cert-manager.io/'));

  it.each(upstreamKinds.map((o) => ({ id: `${o.kind} ${o.metadata.name}`, o })))(
    '$id validates against the upstream Kubernetes schema, with no unknown fields',
    ({ o }) => {
      expect(upstreamErrors(o)).toEqual([]);
    },
  );

  it('has no two objects with the same kind, namespace and name', () => {
    const ids = objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('puts every namespaced object in the webhook namespace, which it creates', () => {
    expect(find(objects, 'Namespace').metadata.name).toBe(WEBHOOK_NAMESPACE);
    for (const o of objects) {
      expect(o.metadata.namespace, `${o.kind} ${o.metadata.name}`).toBe(
        CLUSTER_SCOPED.has(o.kind) ? undefined : WEBHOOK_NAMESPACE,
      );
    }
  });

  it('installs both CRDs', () => {
    const crds = objects.filter((o) => o.kind === 'CustomResourceDefinition').map((o) => o.metadata.name);
    expect(crds.sort()).toEqual([`${CLUSTER_POD_PRESET.plural}.${GROUP}`, `${POD_PRESET.plural}.${GROUP}`]);
  });

  it('grants no wildcard anywhere', () => {
    for (const role of objects.filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role')) {
      const rules = (role as KubeObject & { rules: PolicyRule[] }).rules;
      for (const rule of rules) {
        expect(rule.nonResourceURLs, role.metadata.name).toBeUndefined();
        const values = [...(rule.apiGroups ?? []), ...(rule.resources ?? []), ...rule.verbs];
        expect(
          values.some((v) => v.includes('*')),
          `${role.kind} ${role.metadata.name}`,
        ).toBe(false);
      }
    }
  });

  it('runs at least two replicas as the ServiceAccount, spread across nodes', () => {
    const deployment = deploymentOf(objects);
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    const pod = deployment.spec.template;
    expect(pod.spec.serviceAccountName).toBe(SERVICE_ACCOUNT);
    expect(find(objects, 'ServiceAccount').metadata.name).toBe(SERVICE_ACCOUNT);
    expect(subsetOf(deployment.spec.selector.matchLabels, pod.metadata.labels)).toBe(true);
    const byHost = pod.spec.topologySpreadConstraints.find((c) => c.topologyKey === 'kubernetes.io/hostname');
    expect(byHost?.whenUnsatisfiable).toBe('DoNotSchedule');
    expect(subsetOf(byHost?.labelSelector.matchLabels ?? { none: 'x' }, pod.metadata.labels)).toBe(true);
  });

  it('probes /healthz and /readyz over HTTPS on the named container port', () => {
    const container = containerOf(objects);
    expect(container.ports).toEqual([
      { name: CONTAINER_PORT_NAME, containerPort: DEFAULT_PORT, protocol: 'TCP' },
    ]);
    expect(container.livenessProbe.httpGet).toEqual({
      path: HEALTHZ_PATH,
      port: CONTAINER_PORT_NAME,
      scheme: 'HTTPS',
    });
    expect(container.readinessProbe.httpGet).toEqual({
      path: READYZ_PATH,
      port: CONTAINER_PORT_NAME,
      scheme: 'HTTPS',
    });
  });

  it('sets cpu and memory requests and limits', () => {
    const { resources } = containerOf(objects);
    for (const kind of ['requests', 'limits'] as const) {
      expect(Object.keys(resources[kind] ?? {}).sort(), kind).toEqual(['cpu', 'memory']);
    }
  });

  it('runs under the restricted security context with a read-only root filesystem', () => {
    const pod = deploymentOf(objects).spec.template.spec;
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(containerOf(objects).securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  it('writes only to an emptyDir at /tmp, with TMPDIR pointing there', () => {
    const container = containerOf(objects);
    const tmp = container.volumeMounts.find((m) => m.mountPath === '/tmp');
    const volume = deploymentOf(objects).spec.template.spec.volumes.find((v) => v.name === tmp?.name);
    expect(volume?.emptyDir).toBeDefined();
    expect(container.env?.find((e) => e.name === 'TMPDIR')?.value).toBe('/tmp');
    for (const mount of container.volumeMounts.filter((m) => m !== tmp)) expect(mount.readOnly).toBe(true);
  });

  it('runs the image of this package version', () => {
    expect(containerOf(objects).image).toBe(`podpreset:${PACKAGE.version}`);
  });

  it('exposes the webhook on Service port 443, forwarded to the named container port', () => {
    const service = find(objects, 'Service', SERVICE_NAME) as KubeObject & {
      spec: { selector: Record<string, string>; ports: { port: number; targetPort: string | number }[] };
    };
    expect(service.spec.ports).toHaveLength(1);
    expect(service.spec.ports[0]).toMatchObject({ port: SERVICE_PORT, targetPort: CONTAINER_PORT_NAME });
    expect(subsetOf(service.spec.selector, deploymentOf(objects).spec.template.metadata.labels)).toBe(true);
  });

  it('names its namespace nowhere in the container args: the kubelet fills it in from the Pod', () => {
    for (const arg of containerOf(objects).args) expect(arg).not.toContain(WEBHOOK_NAMESPACE);
  });

  it('scales the webhook Deployment on CPU from its replica count up, never below what the PodDisruptionBudget keeps', () => {
    const hpa = find(objects, 'HorizontalPodAutoscaler') as KubeObject & {
      spec: {
        scaleTargetRef: { apiVersion: string; kind: string; name: string };
        minReplicas: number;
        maxReplicas: number;
        metrics: { type: string; resource?: { name: string; target: { type: string } } }[];
      };
    };
    const deployment = deploymentOf(objects);
    const pdb = find(objects, 'PodDisruptionBudget') as KubeObject & { spec: { minAvailable: number } };
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: deployment.apiVersion,
      kind: 'Deployment',
      name: deployment.metadata.name,
    });
    expect(hpa.spec.minReplicas).toBe(deployment.spec.replicas);
    expect(hpa.spec.minReplicas).toBeGreaterThan(pdb.spec.minAvailable);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
    expect(hpa.spec.metrics).toEqual([
      expect.objectContaining({
        type: 'Resource',
        resource: expect.objectContaining({
          name: 'cpu',
          target: expect.objectContaining({ type: 'Utilization' }),
        }),
      }),
    ]);
    // Utilization is a share of the request: without a CPU request the autoscaler cannot work.
    expect(containerOf(objects).resources.requests?.['cpu']).toBeDefined();
  });

  it('keeps one replica through voluntary disruptions', () => {
    const pdb = find(objects, 'PodDisruptionBudget') as KubeObject & {
      spec: { minAvailable: number; selector: { matchLabels: Record<string, string> } };
    };
    const deployment = deploymentOf(objects);
    expect(pdb.spec.minAvailable).toBeGreaterThanOrEqual(1);
    expect(pdb.spec.minAvailable).toBeLessThan(deployment.spec.replicas);
    expect(pdb.spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
  });

  it('mutates Pod CREATE only, through the Service, with the agreed settings', () => {
    const webhook = webhookOf(objects, 'MutatingWebhookConfiguration');
    expect(webhook.clientConfig.service).toEqual(serviceAt(MUTATE_PATH));
    expect(webhook.clientConfig.caBundle).toBeUndefined();
    expect(webhook.rules).toEqual([
      {
        operations: ['CREATE'],
        apiGroups: [''],
        apiVersions: ['v1'],
        resources: ['pods'],
        scope: 'Namespaced',
      },
    ]);
    expect(webhook).toMatchObject({
      admissionReviewVersions: ['v1'],
      matchPolicy: 'Equivalent',
      failurePolicy: 'Ignore',
      sideEffects: 'NoneOnDryRun',
      reinvocationPolicy: 'IfNeeded',
    });
    expect(webhook.timeoutSeconds).toBeLessThanOrEqual(10);
  });

  it('keeps kube-system, its own namespace and opted-out namespaces out of the mutating webhook', () => {
    // The same rule the engine applies (preview says "unchanged" there, the webhook skips them).
    expect(webhookOf(objects, 'MutatingWebhookConfiguration').namespaceSelector).toEqual(
      excludingSelector(SHIPPED_EXCLUSIONS),
    );
    expect(SHIPPED_EXCLUSIONS.names).toEqual(['kube-system', WEBHOOK_NAMESPACE]);
    expect(find(objects, 'Namespace').metadata.labels?.[NAMESPACE_INJECTION_LABEL]).toBe(
      NAMESPACE_INJECTION_DISABLED,
    );
  });

  it.each([
    { name: 'no annotations', annotations: undefined, sent: true },
    { name: 'other annotations', annotations: { a: 'b' }, sent: true },
    { name: 'exclude "false"', annotations: { [EXCLUDE_ANNOTATION]: 'false' }, sent: true },
    {
      name: 'exclude "True" (not exactly "true")',
      annotations: { [EXCLUDE_ANNOTATION]: 'True' },
      sent: true,
    },
    { name: 'exclude "true"', annotations: { [EXCLUDE_ANNOTATION]: 'true' }, sent: false },
  ])('matchConditions send a Pod with $name to the webhook: $sent', ({ annotations, sent }) => {
    const conditions = webhookOf(objects, 'MutatingWebhookConfiguration').matchConditions ?? [];
    expect(conditions.length).toBeGreaterThan(0);
    const object = { metadata: { name: 'p', ...(annotations ? { annotations } : {}) } };
    const results = conditions.map((c) => evaluate(c.expression, { object }));
    expect(results.every((r) => r === true)).toBe(sent);
  });

  it('validates preset CREATE and UPDATE on /validate and fails closed', () => {
    const webhook = webhookOf(objects, 'ValidatingWebhookConfiguration');
    expect(webhook.clientConfig.service).toEqual(serviceAt(VALIDATE_PATH));
    expect(webhook.rules).toEqual([
      {
        operations: ['CREATE', 'UPDATE'],
        apiGroups: [GROUP],
        apiVersions: [VERSION],
        resources: [POD_PRESET.plural, CLUSTER_POD_PRESET.plural],
        scope: '*',
      },
    ]);
    expect(webhook).toMatchObject({
      admissionReviewVersions: ['v1'],
      failurePolicy: 'Fail',
      // Admitting a preset may widen the mutating webhook's scope (--narrow-scope); never on dryRun.
      sideEffects: 'NoneOnDryRun',
    });
    expect(webhook.timeoutSeconds).toBeLessThanOrEqual(10);
  });
});

// ---- what differs between the variants -----------------------------------------------------------

describe('self-managed certificates (webhook-config/)', () => {
  it('grants exactly the API calls of cluster mode, certificate management included', () => {
    expect(grantedToServiceAccount(selfManaged)).toEqual([...ALWAYS, ...SELF_MANAGED_CERTS].sort());
  });

  it('runs `podpreset serve` with the Secret, webhook configuration, DNS name and Lease of docs/CONVENTIONS.md, narrowing its scope', () => {
    expect(expandedArgs(selfManaged)).toEqual([
      `--cert-secret=${WEBHOOK_NAMESPACE}/${CERT_SECRET_NAME}`,
      `--webhook-config=${WEBHOOK_CONFIGURATION_NAME}`,
      `--dns-name=${SERVICE_DNS_NAME}`,
      `--lease=${WEBHOOK_NAMESPACE}/${STATUS_LEASE_NAME}`,
      '--narrow-scope',
    ]);
  });

  it('leaves the caBundle to the webhook and carries no cert-manager objects', () => {
    for (const kind of ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']) {
      expect(find(selfManaged, kind).metadata.annotations).toBeUndefined();
    }
    expect(selfManaged.filter((o) => o.apiVersion.startsWith('cert-manager.io/'))).toEqual([]);
  });

  it('explains its failurePolicy next to it', () => {
    const text = readFileSync(path.join(BASE, 'mutating-webhook-configuration.yaml'), 'utf8');
    expect(text).toMatch(/# failurePolicy: Ignore\.[\s\S]*# [^\n]*Fail[\s\S]*\n\s+failurePolicy: Ignore\n/);
  });
});

describe('cert-manager (webhook-config/cert-manager/)', () => {
  const certificates = certManager.filter((o) => o.kind === 'Certificate') as (KubeObject & {
    spec: {
      secretName: string;
      dnsNames?: string[];
      isCA?: boolean;
      issuerRef: { kind: string; name: string };
    };
  })[];
  const issuers = certManager.filter((o) => o.kind === 'Issuer') as (KubeObject & {
    spec: { selfSigned?: object; ca?: { secretName: string } };
  })[];
  const serving = certificates.find((c) => c.spec.secretName === CERT_SECRET_NAME);

  it('grants the API calls of cluster mode without Secret or webhook configuration access', () => {
    expect(grantedToServiceAccount(certManager)).toEqual([...ALWAYS].sort());
  });

  it('issues the serving certificate for the Service DNS name into the agreed Secret', () => {
    expect(serving?.spec.dnsNames).toContain(SERVICE_DNS_NAME);
    expect(serving?.spec.isCA).toBeUndefined();
    for (const c of certificates) expect(c.apiVersion).toBe('cert-manager.io/v1');
  });

  it('chains self-signed Issuer → CA Certificate → CA Issuer → serving Certificate', () => {
    const caIssuer = issuers.find((i) => i.metadata.name === serving?.spec.issuerRef.name);
    expect(serving?.spec.issuerRef.kind).toBe('Issuer');
    const ca = certificates.find((c) => c.spec.secretName === caIssuer?.spec.ca?.secretName);
    expect(ca?.spec.isCA).toBe(true);
    const root = issuers.find((i) => i.metadata.name === ca?.spec.issuerRef.name);
    expect(root?.spec.selfSigned).toEqual({});
    for (const i of issuers) expect(i.apiVersion).toBe('cert-manager.io/v1');
  });

  it('has cainjector fill the caBundle of both webhook configurations from that Certificate', () => {
    for (const kind of ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']) {
      expect(find(certManager, kind).metadata.annotations).toEqual({
        'cert-manager.io/inject-ca-from': `${WEBHOOK_NAMESPACE}/${serving?.metadata.name ?? ''}`,
      });
    }
  });

  it('serves the mounted Secret with --tls-cert/--tls-key and keeps the Lease', () => {
    const container = containerOf(certManager);
    const mount = container.volumeMounts.find((m) => m.name !== 'tmp');
    const volume = deploymentOf(certManager).spec.template.spec.volumes.find((v) => v.name === mount?.name);
    expect(volume?.secret?.secretName).toBe(CERT_SECRET_NAME);
    expect(expandedArgs(certManager)).toEqual([
      `--tls-cert=${mount?.mountPath ?? ''}/tls.crt`,
      `--tls-key=${mount?.mountPath ?? ''}/tls.key`,
      `--webhook-config=${WEBHOOK_CONFIGURATION_NAME}`,
      `--lease=${WEBHOOK_NAMESPACE}/${STATUS_LEASE_NAME}`,
      '--narrow-scope',
    ]);
  });
});

describe('kustomizations', () => {
  it('webhook-config/ is the base as it is', () => {
    expect(kustomizationOf(WEBHOOK_CONFIG).resources).toEqual(['base']);
    expect(yamlFilesIn(WEBHOOK_CONFIG)).toEqual(['kustomization.yaml']);
  });

  it('the base lists every file in its directory, and the CRDs', () => {
    const files = yamlFilesIn(BASE).filter((f) => f !== 'kustomization.yaml');
    const resources = kustomizationOf(BASE).resources ?? [];
    expect(resources.filter((r) => r !== '../../crds').sort()).toEqual(files);
    expect(resources).toContain('../../crds');
  });

  it('the cert-manager variant uses every file in its directory', () => {
    const k = kustomizationOf(CERT_MANAGER);
    const used = new Set([
      ...(k.resources ?? []),
      ...(k.patches ?? []).flatMap((p) => (p.path ? [p.path] : [])),
    ]);
    for (const file of yamlFilesIn(CERT_MANAGER).filter((f) => f !== 'kustomization.yaml')) {
      expect(used.has(file), file).toBe(true);
    }
  });

  it('the serve binary of package.json is what the image runs', () => {
    expect(PACKAGE.bin.podpreset).toBe('dist/src/cli/index.js');
  });
});
