/**
 * JSON-shaped Kubernetes types, as they travel in AdmissionReviews and YAML files.
 * Only the members the engine reads are named; everything else passes through untouched,
 * so a Pod keeps fields this code has never heard of.
 */
import type { PresetKind } from './api.js';

export type JsonObject = { [key: string]: unknown };
export type Labels = Readonly<Record<string, string>>;

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: JsonObject;
}

export interface EnvFromSource {
  prefix?: string;
  configMapRef?: { name?: string; optional?: boolean };
  secretRef?: { name?: string; optional?: boolean };
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
  subPath?: string;
  subPathExpr?: string;
  mountPropagation?: string;
  recursiveReadOnly?: string;
}

/** A Volume: a name plus exactly one volume source member (secret, configMap, emptyDir, …). */
export interface Volume {
  name: string;
  [source: string]: unknown;
}

export interface Container {
  name: string;
  env?: EnvVar[];
  envFrom?: EnvFromSource[];
  volumeMounts?: VolumeMount[];
  [field: string]: unknown;
}

export interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
  [field: string]: unknown;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  resourceVersion?: string;
  generation?: number;
  uid?: string;
  [field: string]: unknown;
}

/** A Pod, or the pod template of a workload: both have metadata and a PodSpec. */
export interface PodTemplate {
  metadata?: ObjectMeta;
  spec?: PodSpec;
  [field: string]: unknown;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

export interface PodPresetSpec {
  selector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  env?: EnvVar[];
  envFrom?: EnvFromSource[];
  volumes?: Volume[];
  volumeMounts?: VolumeMount[];
}

/** Identifies a preset the way users name it: kind and name (and namespace for a PodPreset). */
export interface PresetRef {
  kind: PresetKind;
  name: string;
  namespace?: string;
}
