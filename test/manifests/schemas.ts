/**
 * Upstream Kubernetes schemas to hold the manifests to: kubernetes-models' validators (types,
 * required fields, enums), plus a strict pass built from @kubernetes/client-node's models (the same
 * source the CRDs are generated from) that also rejects fields Kubernetes does not know, which the
 * API server would silently drop.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { Namespace, Service, ServiceAccount } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import {
  ClusterRole,
  ClusterRoleBinding,
  Role,
  RoleBinding,
} from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import {
  MutatingWebhookConfiguration,
  ValidatingWebhookConfiguration,
} from 'kubernetes-models/admissionregistration.k8s.io/v1';
import { CustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1';
// Generated from the prometheus-operator CRDs (monitoring.coreos.com/v1) by kubernetes-models.
import {
  PrometheusRule,
  ServiceMonitor,
} from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { modelSchema, type SchemaNode } from '../../scripts/generate-crds.js';
import type { KubeObject } from './load.js';

type Validatable = new (data: never) => { validate(): void };

/** `schema`: the client-node model of the strict pass, when it is not V1<kind>. */
const MODELS: Record<string, { apiVersion: string; model: Validatable; strict: boolean; schema?: string }> = {
  Namespace: { apiVersion: 'v1', model: Namespace, strict: true },
  ServiceAccount: { apiVersion: 'v1', model: ServiceAccount, strict: true },
  Service: { apiVersion: 'v1', model: Service, strict: true },
  Deployment: { apiVersion: 'apps/v1', model: Deployment, strict: true },
  ClusterRole: { apiVersion: 'rbac.authorization.k8s.io/v1', model: ClusterRole, strict: true },
  ClusterRoleBinding: { apiVersion: 'rbac.authorization.k8s.io/v1', model: ClusterRoleBinding, strict: true },
  Role: { apiVersion: 'rbac.authorization.k8s.io/v1', model: Role, strict: true },
  RoleBinding: { apiVersion: 'rbac.authorization.k8s.io/v1', model: RoleBinding, strict: true },
  PodDisruptionBudget: { apiVersion: 'policy/v1', model: PodDisruptionBudget, strict: true },
  HorizontalPodAutoscaler: {
    apiVersion: 'autoscaling/v2',
    model: HorizontalPodAutoscaler,
    strict: true,
    schema: 'V2HorizontalPodAutoscaler',
  },
  MutatingWebhookConfiguration: {
    apiVersion: 'admissionregistration.k8s.io/v1',
    model: MutatingWebhookConfiguration,
    strict: true,
  },
  ValidatingWebhookConfiguration: {
    apiVersion: 'admissionregistration.k8s.io/v1',
    model: ValidatingWebhookConfiguration,
    strict: true,
  },
  // Custom resources: their CRDs' schemas (kubernetes-models); client-node has no model for the strict pass.
  ServiceMonitor: { apiVersion: 'monitoring.coreos.com/v1', model: ServiceMonitor, strict: false },
  PrometheusRule: { apiVersion: 'monitoring.coreos.com/v1', model: PrometheusRule, strict: false },
  // JSONSchemaProps is recursive: the strict pass cannot expand it; kubernetes-models still checks it.
  CustomResourceDefinition: {
    apiVersion: 'apiextensions.k8s.io/v1',
    model: CustomResourceDefinition,
    strict: false,
  },
};

/** closed copies a schema with additionalProperties: false on every object that lists its properties. */
function closed(node: SchemaNode): SchemaNode {
  const out: SchemaNode & { additionalProperties?: SchemaNode | false } = { ...node };
  if (node.properties) {
    out.properties = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, closed(v)]));
    if (!node['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  }
  if (node.items) out.items = closed(node.items);
  if (node.additionalProperties) out.additionalProperties = closed(node.additionalProperties);
  return out;
}

/** newAjv makes a validator that knows the Kubernetes schema extensions are not JSON Schema keywords. */
export function newAjv(): Ajv {
  return new Ajv({ strict: false, allErrors: true, validateFormats: false });
}

const ajv = newAjv();
const strictValidators = new Map<string, ValidateFunction>();

function strictValidator(kind: string): ValidateFunction {
  let validate = strictValidators.get(kind);
  if (!validate) {
    validate = ajv.compile(closed(modelSchema(MODELS[kind]?.schema ?? `V1${kind}`)));
    strictValidators.set(kind, validate);
  }
  return validate;
}

/** upstreamErrors lists what the upstream schemas find wrong with OBJ (empty when it is valid). */
export function upstreamErrors(obj: KubeObject): string[] {
  const entry = MODELS[obj.kind];
  if (!entry) return [`no upstream schema known for kind ${obj.kind}`];
  const errors: string[] = [];
  if (obj.apiVersion !== entry.apiVersion)
    errors.push(`apiVersion ${obj.apiVersion}, want ${entry.apiVersion}`);
  try {
    new entry.model(obj as never).validate();
  } catch (err) {
    errors.push(err instanceof Error ? err.message : String(err));
  }
  if (entry.strict) {
    const validate = strictValidator(obj.kind);
    if (!validate(obj)) {
      for (const e of validate.errors ?? []) {
        const extra = e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : '';
        errors.push(`${e.instancePath || '/'} ${e.message ?? e.keyword}${extra}`);
      }
    }
  }
  return errors;
}
