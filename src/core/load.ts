/**
 * From decoded documents to a catalog: PodPresets, ClusterPodPresets, Namespaces and `List`s of
 * them. An invalid preset is reported and skipped; the others still load (docs/SPEC.md §5).
 */
import { PresetCatalog } from './catalog.js';
import { isPlainObject, isStringMap, shownValue } from './json.js';
import { presetIdentity } from './preset-identity.js';
import { isPresetKind, parsePreset, type CompiledPreset, type ParseOptions } from './preset.js';
import type { Labels, PresetRef } from './types.js';

/** A decoded document and where it came from, for messages (`presets.yaml#2`). */
export interface SourcedDocument {
  readonly source: string;
  readonly object: unknown;
}

export interface InvalidDocument {
  readonly source: string;
  /** `PodPreset default/db` when the document said what it is. */
  readonly object?: string;
  /** The preset it meant to be, when its kind and name could be read (lint names it). */
  readonly ref?: PresetRef;
  readonly problems: readonly string[];
}

export interface LoadedPresets {
  readonly presets: CompiledPreset[];
  readonly namespaces: ReadonlyMap<string, Labels>;
  readonly invalid: InvalidDocument[];
}

/** describeObject names an object for messages: `Kind namespace/name`. */
export function describeObject(object: unknown): string | undefined {
  if (!isPlainObject(object) || typeof object['kind'] !== 'string') return undefined;
  const metadata = isPlainObject(object['metadata']) ? object['metadata'] : {};
  const name = typeof metadata['name'] === 'string' ? metadata['name'] : '(no name)';
  const namespace = typeof metadata['namespace'] === 'string' ? `${metadata['namespace']}/` : '';
  return `${object['kind']} ${namespace}${name}`;
}

/** flattenLists replaces each `List` document by its items, keeping where each came from. */
export function flattenLists(documents: readonly SourcedDocument[]): SourcedDocument[] {
  return documents.flatMap(({ object, source }) => {
    if (
      isPlainObject(object) &&
      typeof object['kind'] === 'string' &&
      object['kind'].endsWith('List') &&
      Array.isArray(object['items'])
    ) {
      return flattenLists(
        object['items'].map((item: unknown, i) => ({ source: `${source} items[${i}]`, object: item })),
      );
    }
    return [{ object, source }];
  });
}

/**
 * loadPresets compiles the presets among `documents` and collects Namespace labels. Documents
 * of other kinds are reported as invalid: a preset directory holds presets and namespaces only,
 * and a stray manifest there is a mistake worth saying.
 */
export function loadPresets(
  documents: readonly SourcedDocument[],
  options: ParseOptions = {},
): LoadedPresets {
  const loader = presetLoader(options);
  for (const document of flattenLists(documents)) loader.add(document);
  return loader.loaded();
}

/** A load taken one document at a time (List documents already flattened): the file source yields between them. */
export interface PresetLoader {
  add(document: SourcedDocument): void;
  /** What the documents added so far load as. */
  loaded(): LoadedPresets;
}

/** presetLoader is loadPresets one document at a time. */
export function presetLoader(options: ParseOptions = {}): PresetLoader {
  const presets: CompiledPreset[] = [];
  const namespaces = new Map<string, Labels>();
  const invalid: InvalidDocument[] = [];
  const seen = new Map<string, string>();

  const add = ({ object, source }: SourcedDocument): void => {
    if (object === null || object === undefined) return; // an empty YAML document
    const described = describeObject(object);
    const ref = refOf(object);
    const fail = (problems: string[]): void => {
      invalid.push({
        source,
        ...(described ? { object: described } : {}),
        ...(ref ? { ref } : {}),
        problems,
      });
    };
    if (isPlainObject(object) && object['kind'] === 'Namespace') {
      const metadata = isPlainObject(object['metadata']) ? object['metadata'] : {};
      const labels = isPlainObject(metadata['labels']) ? metadata['labels'] : {};
      if (typeof metadata['name'] !== 'string' || metadata['name'] === '') fail(['metadata.name: required']);
      else if (!isStringMap(labels)) fail(['metadata.labels: must be a map of strings']);
      else namespaces.set(metadata['name'], labels);
      return;
    }
    if (!isPlainObject(object) || !isPresetKind(object['kind'])) {
      const found = isPlainObject(object) ? shownValue(object['kind']) : 'a document that is not an object';
      fail([`kind: expected PodPreset, ClusterPodPreset, Namespace or a List of them, not ${found}`]);
      return;
    }
    const parsed = parsePreset(object, options);
    if (!parsed.ok) {
      fail(parsed.error);
      return;
    }
    const identity = presetIdentity(parsed.value);
    const first = seen.get(identity);
    if (first !== undefined) {
      fail([`duplicate of ${first}: a preset is defined once`]);
      return;
    }
    seen.set(identity, source);
    presets.push(parsed.value);
  };
  return { add, loaded: () => ({ presets, namespaces, invalid }) };
}

function refOf(object: unknown): PresetRef | undefined {
  if (!isPlainObject(object) || !isPresetKind(object['kind'])) return undefined;
  const metadata = isPlainObject(object['metadata']) ? object['metadata'] : {};
  const { name, namespace } = metadata;
  if (typeof name !== 'string') return undefined;
  return object['kind'] === 'PodPreset' && typeof namespace === 'string'
    ? { kind: object['kind'], name, namespace }
    : { kind: object['kind'], name };
}

/** toCatalog puts loaded presets and namespaces into a fresh catalog. */
export function toCatalog(loaded: Pick<LoadedPresets, 'presets' | 'namespaces'>): PresetCatalog {
  const catalog = new PresetCatalog();
  for (const [name, labels] of loaded.namespaces) catalog.setNamespace(name, labels);
  for (const preset of loaded.presets) catalog.upsert(preset);
  return catalog;
}
