/**
 * A rendered install as `helm template` prints it: a Namespace, RBAC, a ConfigMap whose values
 * YAML 1.1 would misread if unquoted, a Service, a CRD, a webhook configuration, and one
 * Deployment (in `shop`, where the example presets apply) with two containers, so that one preset
 * adds the same env vars to both.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './conformance.js';

const deployment = parse(
  readFileSync(join(REPO_ROOT, 'examples', 'workloads', 'deployment.yaml'), 'utf8'),
) as {
  spec: { template: { spec: { containers: Record<string, unknown>[] } } };
};
deployment.spec.template.spec.containers.push({ name: 'sidecar', image: 'registry.example.com/sidecar:1' });

export const RENDERED_CHART = `# Source: shop/templates/namespace.yaml
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {app.kubernetes.io/part-of: shop}
---
# Source: shop/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata: {name: checkout, namespace: shop}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: checkout, namespace: shop}
data:
  feature-enabled: "on"
  legacy: "NO"
  release-date: "2024-10-31"
  mode: "0400"
  window: "12:30"
  plain: hello
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: checkout}
rules:
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get, list, watch]
---
apiVersion: v1
kind: Service
metadata: {name: checkout, namespace: shop}
spec:
  selector: {app.kubernetes.io/name: checkout}
  ports:
  - {port: 80, targetPort: 8080}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec: {type: object, x-kubernetes-preserve-unknown-fields: true}
---
${JSON.stringify(deployment)}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: {name: checkout}
webhooks: []
`;

/** The kinds of RENDERED_CHART's documents, in order. */
export const RENDERED_KINDS = [
  'Namespace',
  'ServiceAccount',
  'ConfigMap',
  'ClusterRole',
  'Service',
  'CustomResourceDefinition',
  'Deployment',
  'ValidatingWebhookConfiguration',
];
