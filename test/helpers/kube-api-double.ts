/**
 * The Kubernetes API double and what tests need around it: a kubeconfig that trusts its CA, and
 * shortcuts to put objects in and take them out as kubectl would (each a real write with a watch
 * event, not a back door into the informers).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { KubeApiDouble } from './kube-api-double/server.js';
import { resourceTypeOfKind } from './kube-api-double/resources.js';
import type { StoredObject } from './kube-api-double/store.js';

export { KubeApiDouble } from './kube-api-double/server.js';
export type { RecordedRequest } from './kube-api-double/server.js';
export type { StoredObject } from './kube-api-double/store.js';

/** kubeconfigObject is a kubeconfig for the double, trusting its CA (no skipTLSVerify anywhere). */
export function kubeconfigObject(double: KubeApiDouble, token = 'test-token'): object {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'double',
        cluster: {
          server: double.url,
          'certificate-authority-data': Buffer.from(double.ca).toString('base64'),
        },
      },
    ],
    users: [{ name: 'tester', user: { token } }],
    contexts: [{ name: 'double', context: { cluster: 'double', user: 'tester' } }],
    'current-context': 'double',
  };
}

/** writeKubeconfig writes the double's kubeconfig to a fresh temporary file and returns its path. */
export function writeKubeconfig(double: KubeApiDouble, token?: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'podpreset-kube-')), 'kubeconfig');
  writeFileSync(path, JSON.stringify(kubeconfigObject(double, token)));
  return path;
}

/** kubeConfigFor loads the double's kubeconfig into a client-node KubeConfig. */
export function kubeConfigFor(double: KubeApiDouble): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(writeKubeconfig(double));
  return kc;
}

/** apply creates the object, or replaces it (keeping status) if it exists, as `kubectl apply` would. */
export function apply(double: KubeApiDouble, object: StoredObject): StoredObject {
  const type = resourceTypeOfKind(object.kind ?? '');
  const namespace = type.namespaced ? (object.metadata.namespace ?? 'default') : undefined;
  const existing = double.store.find(type, namespace, object.metadata.name ?? '');
  if (!existing) return double.store.create(type, namespace, object);
  return double.store.update(type, namespace, existing.metadata.name!, {
    ...object,
    metadata: { ...object.metadata, resourceVersion: existing.metadata.resourceVersion },
  });
}

/** remove deletes an object by kind, name and namespace. */
export function remove(double: KubeApiDouble, kind: string, name: string, namespace?: string): void {
  const type = resourceTypeOfKind(kind);
  double.store.delete(type, type.namespaced ? (namespace ?? 'default') : undefined, name);
}

/** get reads an object by kind, name and namespace, or undefined. */
export function get(
  double: KubeApiDouble,
  kind: string,
  name: string,
  namespace?: string,
): StoredObject | undefined {
  const type = resourceTypeOfKind(kind);
  return double.store.find(type, type.namespaced ? (namespace ?? 'default') : undefined, name);
}

/** list reads every object of a kind (in a namespace, if given). */
export function list(double: KubeApiDouble, kind: string, namespace?: string): StoredObject[] {
  return double.store.list(resourceTypeOfKind(kind), namespace);
}
