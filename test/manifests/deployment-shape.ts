/**
 * The webhook Deployment of a rendered install, as the manifests tests read it: its one
 * container, and the args as the kubelet expands them in the Pod.
 */
import { expect } from 'vitest';
import { find, type KubeObject } from './load.js';

export interface Probe {
  httpGet: { path: string; port: string | number; scheme: string };
}
export interface Container {
  name: string;
  image: string;
  args: string[];
  env?: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
  ports: { name: string; containerPort: number; protocol: string }[];
  readinessProbe: Probe;
  livenessProbe: Probe;
  resources: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext: Record<string, unknown>;
  volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[];
}
export interface DeploymentShape extends KubeObject {
  spec: {
    replicas: number;
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string> };
      spec: {
        serviceAccountName: string;
        securityContext: Record<string, unknown>;
        topologySpreadConstraints: {
          topologyKey: string;
          whenUnsatisfiable: string;
          labelSelector: { matchLabels: Record<string, string> };
        }[];
        containers: Container[];
        volumes: { name: string; emptyDir?: object; secret?: { secretName: string } }[];
      };
    };
  };
}
export function deploymentOf(objects: readonly KubeObject[]): DeploymentShape {
  return find(objects, 'Deployment') as DeploymentShape;
}
export function containerOf(objects: readonly KubeObject[]): Container {
  const containers = deploymentOf(objects).spec.template.spec.containers;
  expect(containers).toHaveLength(1);
  return containers[0] as Container;
}
/**
 * expandedArgs are the container's args as the kubelet passes them: `$(VAR)` replaced by the
 * container's env, a fieldRef to metadata.namespace by the Pod's namespace (the Deployment's).
 */
export function expandedArgs(objects: readonly KubeObject[]): string[] {
  const env = new Map<string, string>();
  for (const variable of containerOf(objects).env ?? []) {
    if (variable.value !== undefined) env.set(variable.name, variable.value);
    if (variable.valueFrom?.fieldRef?.fieldPath === 'metadata.namespace')
      env.set(variable.name, deploymentOf(objects).metadata.namespace ?? '');
  }
  return containerOf(objects).args.map((arg) =>
    arg.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string) => env.get(name) ?? whole),
  );
}
