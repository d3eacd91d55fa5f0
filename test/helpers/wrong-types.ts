/**
 * The probe's reproduction of type errors inside preset items: values the CRD's structural schema
 * refuses at `kubectl apply`, which files must be refused for too (docs/SPEC.md §1). Secret-like
 * text stands in for some values, so tests can check that no message quotes them.
 */

/** Text no message may contain: the value of a member of the wrong type. */
export const SECRET = 'hunter2-s3cr3t';

/** Two PodPresets in namespace shop, as a YAML file holds them. */
export const WRONG_TYPES_YAML = `apiVersion: podpreset.dev/v1alpha1
kind: PodPreset
metadata: {name: types, namespace: shop}
spec:
  volumes: [{name: a, configMap: {name: 5}}, {name: b, secret: {secretName: s, defaultMode: "0400"}}, {name: c, emptyDir: {medium: [1]}}, {name: d, hostPath: {path: {a: ${SECRET}}}}]
  env: [{name: A, valueFrom: {fieldRef: {fieldPath: 7}}}]
---
apiVersion: podpreset.dev/v1alpha1
kind: PodPreset
metadata: {name: sidecar, namespace: shop}
spec:
  containers: [{name: helper, image: busybox, command: [5, {a: ${SECRET}}], ports: [{containerPort: "http"}, 7], env: [{name: 5, value: 6}, null], securityContext: 5, readinessProbe: [1], stdin: "yes please"}]
`;

/** What each preset is refused for, in the order validation lists it. */
export const WRONG_TYPES_PROBLEMS = {
  types: [
    'spec.env[0].valueFrom.fieldRef.fieldPath: must be a string',
    'spec.volumes[0].configMap.name: must be a string',
    'spec.volumes[1].secret.defaultMode: must be an integer',
    'spec.volumes[2].emptyDir.medium: must be a string',
    'spec.volumes[3].hostPath.path: must be a string',
  ],
  sidecar: [
    'spec.containers[0].command[0]: must be a string',
    'spec.containers[0].command[1]: must be a string',
    'spec.containers[0].ports[0].containerPort: must be an integer',
    'spec.containers[0].ports[1]: must be an object',
    'spec.containers[0].env[0].name: must be a string',
    'spec.containers[0].env[0].value: must be a string',
    'spec.containers[0].env[1]: must be an object',
    'spec.containers[0].securityContext: must be an object',
    'spec.containers[0].readinessProbe: must be an object',
    'spec.containers[0].stdin: must be a boolean',
  ],
} as const;
