/**
 * kustomize's `namespace:` as test/manifests/load.ts applies it, for the kinds webhook-config/
 * holds: the namespace transformer (metadata.namespace of namespaced objects, the name of a v1
 * Namespace, RoleBinding subjects named "default") and the back references kustomize fixes once at
 * the end of a build (a webhook's clientConfig.service and a binding's subjects follow the Service
 * or ServiceAccount they name to its namespace). Kinds, subjects and references it does not know
 * throw instead of passing through unchanged.
 */
import type { KubeObject } from './load.js';

/**
 * Kinds kustomize treats as cluster-scoped (it knows them from the Kubernetes OpenAPI document);
 * the manifests tests hold the renders to the same list.
 */
export const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  'Namespace',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
]);
/** Kinds it puts in the namespace (any kind it does not know is namespaced, custom resources too). */
const NAMESPACED = new Set([
  'ServiceAccount',
  'Role',
  'RoleBinding',
  'Deployment',
  'Service',
  'PodDisruptionBudget',
  'HorizontalPodAutoscaler',
  'Certificate',
  'Issuer',
  'ServiceMonitor',
  'PrometheusRule',
]);

/**
 * The namespace each object had in its file: kustomize matches `$patch: delete` and back
 * references against it as well as against the current one. Kept beside the objects (every
 * transformation that makes a new object carries it over with `derive`).
 */
const ORIGINAL_NAMESPACE = new WeakMap<KubeObject, string>();

/** loaded records an object as read from its file. */
export function loaded(object: KubeObject): KubeObject {
  ORIGINAL_NAMESPACE.set(object, object.metadata.namespace ?? '');
  return object;
}

/** derive records `to` as a transformation of `from` (same original namespace) and returns it. */
export function derive(from: KubeObject, to: KubeObject): KubeObject {
  const original = ORIGINAL_NAMESPACE.get(from);
  if (original !== undefined) ORIGINAL_NAMESPACE.set(to, original);
  return to;
}

export function isClusterScoped(object: KubeObject): boolean {
  if (CLUSTER_SCOPED.has(object.kind)) return true;
  if (NAMESPACED.has(object.kind)) return false;
  throw new Error(
    `${object.kind} ${object.metadata.name}: the loader does not know whether kustomize namespaces this kind; add it to CLUSTER_SCOPED or NAMESPACED`,
  );
}

/** kustomize's EffectiveNamespace: an empty namespace means "default". */
const effective = (namespace: string | undefined): string => namespace || 'default';

/**
 * sameId is kustomize's ResId.Equals against any of the object's ids (current or as loaded):
 * same apiVersion, kind and name, and for namespaced kinds the same effective namespace.
 */
export function sameId(object: KubeObject, id: KubeObject): boolean {
  if (
    object.apiVersion !== id.apiVersion ||
    object.kind !== id.kind ||
    object.metadata.name !== id.metadata.name
  )
    return false;
  if (isClusterScoped(object)) return true;
  const wanted = effective(id.metadata.namespace);
  return (
    effective(object.metadata.namespace) === wanted || effective(ORIGINAL_NAMESPACE.get(object)) === wanted
  );
}

interface Subject {
  kind?: string;
  name?: string;
  namespace?: string;
}

/** setNamespace is the namespace transformer of a kustomization with `namespace: NAMESPACE`. */
export function setNamespace(objects: readonly KubeObject[], namespace: string, where: string): KubeObject[] {
  const out = objects.map((o) => {
    const copy = derive(o, structuredClone(o));
    if (!isClusterScoped(o)) copy.metadata.namespace = namespace;
    if (o.kind === 'Namespace' && o.apiVersion === 'v1') copy.metadata.name = namespace;
    if (
      o.kind === 'CustomResourceDefinition' &&
      (o as { spec?: { conversion?: { webhook?: unknown } } }).spec?.conversion?.webhook
    )
      throw new Error(`${where}: a CRD conversion webhook's service namespace is not supported`);
    if (o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding') {
      // setRoleBindingSubjects: defaultOnly, kustomize's default for `namespace:`.
      for (const subject of (copy as { subjects?: Subject[] }).subjects ?? [])
        if (subject.name === 'default') subject.namespace = namespace;
    }
    return copy;
  });
  const ids = out.map((o) => `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
  const conflict = ids.find((id, i) => ids.indexOf(id) !== i);
  if (conflict) throw new Error(`${where}: namespace transformation produces ID conflict: ${conflict}`);
  return out;
}

/** The references whose namespace kustomize keeps pointing at the object they name. */
function referencesOf(object: KubeObject): { reference: Subject; kind: string }[] {
  if (object.kind === 'MutatingWebhookConfiguration' || object.kind === 'ValidatingWebhookConfiguration') {
    const webhooks = (object as { webhooks?: { clientConfig?: { service?: Subject } }[] }).webhooks ?? [];
    return webhooks.flatMap((w) =>
      w.clientConfig?.service ? [{ reference: w.clientConfig.service, kind: 'Service' }] : [],
    );
  }
  if (object.kind === 'RoleBinding' || object.kind === 'ClusterRoleBinding') {
    return ((object as { subjects?: Subject[] }).subjects ?? []).map((subject) => {
      // kustomize takes every subject for a ServiceAccount reference; a User or Group named like
      // a ServiceAccount of the build would get its namespace. Refused rather than copied.
      if (subject.kind !== 'ServiceAccount')
        throw new Error(`${object.kind} ${object.metadata.name}: only ServiceAccount subjects are supported`);
      return { reference: subject, kind: 'ServiceAccount' };
    });
  }
  if (object.kind === 'APIService') throw new Error(`APIService ${object.metadata.name}: not supported`);
  return [];
}

/**
 * fixBackReferences is what kustomize does last in a build: a reference with a namespace names
 * the object that was loaded in that namespace (else the one in it now); one without names any
 * object of that name. The reference then gets that object's current namespace.
 */
export function fixBackReferences(objects: readonly KubeObject[]): KubeObject[] {
  return objects.map((o) => {
    if (referencesOf(o).length === 0) return o;
    const copy = derive(o, structuredClone(o));
    for (const { reference, kind } of referencesOf(copy)) {
      const named = objects.filter((c) => c.kind === kind && c.metadata.name === reference.name);
      let candidates = named;
      if (reference.namespace !== undefined) {
        const wanted = effective(reference.namespace);
        candidates = named.filter((c) => effective(ORIGINAL_NAMESPACE.get(c)) === wanted);
        if (candidates.length === 0)
          candidates = named.filter((c) => effective(c.metadata.namespace) === wanted);
      }
      const namespaces = new Set(candidates.map((c) => c.metadata.namespace ?? ''));
      if (namespaces.size > 1)
        throw new Error(`${o.kind} ${o.metadata.name}: several ${kind}s named ${reference.name ?? ''}`);
      const [namespace] = namespaces;
      if (namespace) reference.namespace = namespace;
    }
    return copy;
  });
}
