/**
 * Parsing and compiling PodPreset / ClusterPodPreset objects. Everything a request needs is
 * computed here, once per preset version: selectors, merge keys, comparable items, the
 * annotation key. A preset that fails validation never reaches admission.
 */
import { createHash } from 'node:crypto';
import { API_VERSION, PRESET_RESOURCES, type PresetKind } from './api.js';
import { presetAnnotationKey } from './annotations.js';
import {
  FIELDS,
  FIELD_NAMES,
  keyItem,
  type FieldDescriptor,
  type ItemField,
  type KeyedItem,
} from './fields/index.js';
import { TOO_DEEP, exceedsDepth } from './depth.js';
import { missingText } from './fields/checks.js';
import { escapePointer, isPlainObject, shownValue } from './json.js';
import { dnsSubdomainProblem } from './names.js';
import { err, ok, type Result } from './result.js';
import {
  matcherOf,
  parseSelector,
  selectorBoundProblems,
  type LabelMatcher,
  type Requirement,
} from './selector.js';
import type { NamePatterns } from './name-overlap.js';
import { compileContainerSelector, namePatternsOf, type ContainerMatcher } from './targeting.js';
import type { JsonObject, PresetRef } from './types.js';
import { validateItems } from './validate-items.js';

const SPEC_FIELDS = new Set([
  'selector',
  'namespaceSelector',
  'containerSelector',
  'conflictPolicy',
  ...FIELD_NAMES,
]);

/** The items of every field a preset leaves out: one shared empty list, not one per field per preset. */
const NO_ITEMS: readonly KeyedItem[] = Object.freeze([]);

/** What a conflict of a preset does (docs/SPEC.md §8.3). */
export type ConflictPolicy = 'Abort' | 'SkipPreset' | 'KeepExisting';
const POLICIES: readonly ConflictPolicy[] = ['Abort', 'SkipPreset', 'KeepExisting'];

export interface CompiledPreset {
  readonly kind: PresetKind;
  readonly name: string;
  /** The PodPreset's namespace; undefined for a ClusterPodPreset. */
  readonly namespace: string | undefined;
  readonly resourceVersion: string;
  /** `Kind/name`, as decision logs and reasons name it. */
  readonly label: string;
  readonly generation: number | undefined;
  readonly uid: string | undefined;
  readonly selector: LabelMatcher;
  readonly namespaceSelector: LabelMatcher;
  /** The selectors as data, compiled from the same parse as the matchers: explain and lint read these. */
  readonly selectorRequirements: readonly Requirement[];
  readonly namespaceSelectorRequirements: readonly Requirement[];
  /** A matchLabels pair every matching Pod must carry: the catalog indexes presets by it. */
  readonly requiredLabel: readonly [string, string] | undefined;
  readonly annotationKey: string;
  /** annotationKey escaped as a JSON Pointer token, for the patch. */
  readonly annotationToken: string;
  readonly items: Readonly<Record<ItemField, readonly KeyedItem[]>>;
  /** The fields this preset has items for, in FIELDS order, with their descriptors: a request loops over these only. */
  readonly fields: readonly PresetField[];
  /** Which of a Pod's own containers get its container-level items (§8.1). */
  readonly targets: ContainerMatcher;
  /** Names of its initContainers and containers: containers of these names are never targeted (§8.1). */
  readonly containerNames: readonly string[];
  /** Its containerSelector's name patterns as data, read from the same validated object as `targets`: lint searches them. */
  readonly targetPatterns: NamePatterns;
  readonly conflictPolicy: ConflictPolicy;
}

/** One field a preset has items for, looked up once when the preset is compiled. */
export interface PresetField {
  readonly field: ItemField;
  readonly descriptor: FieldDescriptor<ItemField>;
  readonly items: readonly KeyedItem[];
}

export interface ParseOptions {
  /** Namespace for a PodPreset whose metadata has none (files, like `kubectl apply -n`). */
  readonly defaultNamespace?: string;
  /** Hold names to the annotation key limit (§1: 53 / 46), as the CRD does; files are exempt (§2.8). */
  readonly enforceNameLength?: boolean;
}

/** presetRef names a compiled preset the way messages and results do. */
export function presetRef(preset: CompiledPreset): PresetRef {
  return preset.namespace === undefined
    ? { kind: preset.kind, name: preset.name }
    : { kind: preset.kind, name: preset.name, namespace: preset.namespace };
}

/** isPresetKind tells whether an object's kind is one of ours (any apiVersion). */
export function isPresetKind(kind: unknown): kind is PresetKind {
  return kind === 'PodPreset' || kind === 'ClusterPodPreset';
}

/**
 * parsePreset validates an untrusted PodPreset or ClusterPodPreset and compiles it, or returns
 * every problem found, each naming its field path. It never throws: a preset that cannot be
 * compiled, for whatever reason, is an invalid preset that /validate denies and the sources skip,
 * not an error that stops an informer or a load (docs/hostile-input.md).
 */
export function parsePreset(object: unknown, options: ParseOptions = {}): Result<CompiledPreset> {
  // Files are held to this when decoded; a preset from the API server (an informer, /validate)
  // is not, and compiling recurses.
  if (exceedsDepth(object)) return err([TOO_DEEP]);
  try {
    return compilePreset(object, options);
  } catch (error) {
    // The error's own message may quote the input; its name does not.
    const name = error instanceof Error ? error.name : typeof error;
    return err([`cannot be compiled (${name})`]);
  }
}

function compilePreset(object: unknown, options: ParseOptions): Result<CompiledPreset> {
  if (!isPlainObject(object)) return err(['must be an object']);
  const { apiVersion, kind, metadata, spec } = object;
  const problems: string[] = [];

  if (!isPresetKind(kind)) {
    return err([`kind: must be PodPreset or ClusterPodPreset, not ${shownValue(kind)}`]);
  }
  if (apiVersion !== API_VERSION) {
    const hint =
      apiVersion === 'settings.k8s.io/v1alpha1' ? ' (settings.k8s.io was removed in Kubernetes 1.20)' : '';
    problems.push(`apiVersion: must be ${API_VERSION}, not ${shownValue(apiVersion)}${hint}`);
  }

  const meta = isPlainObject(metadata) ? metadata : {};
  const name = meta['name'];
  if (typeof name !== 'string' || name === '') {
    problems.push(missingText(name, 'metadata.name'));
  } else {
    const nameProblem = dnsSubdomainProblem(name);
    if (nameProblem) problems.push(`metadata.name: ${nameProblem}`);
    const limit = PRESET_RESOURCES[kind].maxNameLength;
    if (options.enforceNameLength && name.length > limit) {
      problems.push(
        `metadata.name: must be no more than ${limit} characters for a ${kind}, so that its annotation key on Pods is valid`,
      );
    }
  }
  const namespace = kind === 'PodPreset' ? (meta['namespace'] ?? options.defaultNamespace) : undefined;
  if (kind === 'PodPreset' && (typeof namespace !== 'string' || namespace === '')) {
    problems.push('metadata.namespace: required for a PodPreset');
  }

  if (!isPlainObject(spec)) return err([...problems, 'spec: required']);
  for (const field of Object.keys(spec)) {
    if (!SPEC_FIELDS.has(field)) problems.push(`spec.${field}: unknown field`);
  }
  if (kind === 'PodPreset' && spec['namespaceSelector'] !== undefined) {
    problems.push(
      'spec.namespaceSelector: only a ClusterPodPreset selects namespaces; a PodPreset applies in its own',
    );
  }
  const selector = parseSelector(spec['selector'], 'spec.selector');
  if (!selector.ok) problems.push(...selector.error);
  const namespaceSelector = parseSelector(
    kind === 'ClusterPodPreset' ? spec['namespaceSelector'] : undefined,
    'spec.namespaceSelector',
  );
  if (!namespaceSelector.ok) problems.push(...namespaceSelector.error);
  problems.push(
    ...selectorBoundProblems(spec['selector'], 'spec.selector'),
    ...selectorBoundProblems(spec['namespaceSelector'], 'spec.namespaceSelector'),
  );
  problems.push(...validateItems(spec));
  const targets = compileContainerSelector(spec['containerSelector'], 'spec.containerSelector');
  if (!targets.ok) problems.push(...targets.error);
  const conflictPolicy = spec['conflictPolicy'] ?? 'Abort';
  if (!POLICIES.includes(conflictPolicy as ConflictPolicy)) {
    problems.push(`spec.conflictPolicy: must be one of ${POLICIES.join(', ')}`);
  }

  if (problems.length > 0 || !selector.ok || !namespaceSelector.ok || !targets.ok) return err(problems);

  const presetName = name as string;
  const annotationKey = presetAnnotationKey(kind, presetName);
  const resourceVersion =
    typeof meta['resourceVersion'] === 'string' ? meta['resourceVersion'] : contentVersion(spec);
  const items = Object.fromEntries(
    FIELDS.map((field) => {
      const values = field.itemsOf(spec[field.name]);
      return [field.name, values.length === 0 ? NO_ITEMS : values.map((v) => keyItem(field.name, v))];
    }),
  ) as Record<ItemField, readonly KeyedItem[]>;
  const containerNames = [...items.initContainers, ...items.containers].map((c) => String(c.value['name']));
  return ok({
    kind,
    name: presetName,
    namespace: namespace as string | undefined,
    resourceVersion,
    label: `${kind}/${presetName}`,
    generation: typeof meta['generation'] === 'number' ? meta['generation'] : undefined,
    uid: typeof meta['uid'] === 'string' ? meta['uid'] : undefined,
    selector: matcherOf(selector.value),
    namespaceSelector: matcherOf(namespaceSelector.value),
    selectorRequirements: selector.value,
    namespaceSelectorRequirements: namespaceSelector.value,
    requiredLabel: firstMatchLabel(spec['selector']),
    annotationKey,
    annotationToken: escapePointer(annotationKey),
    items,
    fields: FIELDS.filter((descriptor) => items[descriptor.name].length > 0).map(
      (descriptor): PresetField => ({ field: descriptor.name, descriptor, items: items[descriptor.name] }),
    ),
    targets: targets.value,
    containerNames,
    targetPatterns: namePatternsOf(spec['containerSelector']),
    conflictPolicy: conflictPolicy as ConflictPolicy,
  });
}

/**
 * A preset read from a file has no resourceVersion. The annotation still records which version
 * was applied, so it gets one derived from its spec: it changes exactly when the spec does.
 */
function contentVersion(spec: JsonObject): string {
  return `spec-${createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 10)}`;
}

function firstMatchLabel(selector: unknown): readonly [string, string] | undefined {
  if (!isPlainObject(selector) || !isPlainObject(selector['matchLabels'])) return undefined;
  const first = Object.entries(selector['matchLabels']).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))[0];
  return first && typeof first[1] === 'string' ? [first[0], first[1]] : undefined;
}
