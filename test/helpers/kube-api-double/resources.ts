/** The resources the Kubernetes API double serves, described the way discovery would. */
import { WORKLOAD_RESOURCE_TYPES } from './workload-resources.js';

export interface ResourceType {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly kind: string;
  readonly namespaced: boolean;
  /** A /status subresource: main writes keep status, status writes change only status. */
  readonly statusSubresource: boolean;
  /** A custom resource: strategic merge patch is a 415, as on a real server. */
  readonly custom: boolean;
}

const core = (resource: string, kind: string, namespaced: boolean): ResourceType => ({
  group: '',
  version: 'v1',
  resource,
  kind,
  namespaced,
  statusSubresource: resource === 'namespaces',
  custom: false,
});

export const RESOURCE_TYPES: readonly ResourceType[] = [
  core('namespaces', 'Namespace', false),
  core('secrets', 'Secret', true),
  core('events', 'Event', true),
  core('configmaps', 'ConfigMap', true),
  {
    group: 'coordination.k8s.io',
    version: 'v1',
    resource: 'leases',
    kind: 'Lease',
    namespaced: true,
    statusSubresource: false,
    custom: false,
  },
  ...(['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'] as const).map(
    (resource): ResourceType => ({
      group: 'admissionregistration.k8s.io',
      version: 'v1',
      resource,
      kind:
        resource === 'mutatingwebhookconfigurations'
          ? 'MutatingWebhookConfiguration'
          : 'ValidatingWebhookConfiguration',
      namespaced: false,
      statusSubresource: false,
      custom: false,
    }),
  ),
  {
    group: 'podpreset.dev',
    version: 'v1alpha1',
    resource: 'podpresets',
    kind: 'PodPreset',
    namespaced: true,
    statusSubresource: true,
    custom: true,
  },
  {
    group: 'podpreset.dev',
    version: 'v1alpha1',
    resource: 'clusterpodpresets',
    kind: 'ClusterPodPreset',
    namespaced: false,
    statusSubresource: true,
    custom: true,
  },
  ...WORKLOAD_RESOURCE_TYPES,
];

export const apiVersionOf = (type: ResourceType): string =>
  type.group === '' ? type.version : `${type.group}/${type.version}`;

/** findResourceType looks a resource up by group, version and plural name. */
export function findResourceType(group: string, version: string, resource: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((t) => t.group === group && t.version === version && t.resource === resource);
}

/** resourceTypeOfKind looks a resource up by kind (for seeding objects in tests). */
export function resourceTypeOfKind(kind: string): ResourceType {
  const type = RESOURCE_TYPES.find((t) => t.kind === kind);
  if (!type) throw new Error(`the API double does not serve kind ${kind}`);
  return type;
}
