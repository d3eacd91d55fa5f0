/** Fresh test objects on every call, so no test can change another's input. */
import jsonpatch from 'fast-json-patch';
import { API_VERSION, type PresetKind } from '../../src/core/api.js';
import { PresetCatalog } from '../../src/core/catalog.js';
import { parsePreset, type CompiledPreset } from '../../src/core/preset.js';
import type { JsonObject, KubeObject, PodPresetSpec } from '../../src/core/types.js';

export interface PresetOptions {
  kind?: PresetKind;
  namespace?: string;
  resourceVersion?: string;
}

/** aPreset returns a PodPreset (or ClusterPodPreset) object as a user would write it. */
export function aPreset(
  name: string,
  spec: PodPresetSpec | JsonObject,
  options: PresetOptions = {},
): JsonObject {
  const kind = options.kind ?? 'PodPreset';
  return {
    apiVersion: API_VERSION,
    kind,
    metadata: {
      name,
      ...(kind === 'PodPreset' ? { namespace: options.namespace ?? 'default' } : {}),
      resourceVersion: options.resourceVersion ?? '1',
    },
    spec: structuredClone(spec),
  };
}

/** compiled parses a preset that must be valid. */
export function compiled(preset: JsonObject): CompiledPreset {
  const result = parsePreset(preset);
  if (!result.ok) throw new Error(`test preset is invalid: ${result.error.join('; ')}`);
  return result.value;
}

/** catalogOf builds a catalog from valid preset objects. */
export function catalogOf(...presets: JsonObject[]): PresetCatalog {
  const catalog = new PresetCatalog();
  for (const preset of presets) catalog.upsert(compiled(preset));
  return catalog;
}

/** aPod returns a Pod in `default` with one container `app`, overridable member by member. */
export function aPod(
  overrides: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    spec?: JsonObject;
  } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'app',
      namespace: 'default',
      labels: overrides.labels ?? { app: 'web' },
      ...(overrides.annotations ? { annotations: overrides.annotations } : {}),
    },
    spec: structuredClone(overrides.spec ?? { containers: [{ name: 'app', image: 'example/app:1' }] }),
  };
}

/** applyPatch applies a JSON Patch with fast-json-patch (the real RFC 6902 implementation) to a copy. */
export function applyPatch<T>(document: T, patch: readonly unknown[]): T {
  return jsonpatch.applyPatch(
    structuredClone(document),
    structuredClone(patch) as jsonpatch.Operation[],
    true,
    false,
  ).newDocument;
}
