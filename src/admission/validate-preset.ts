/**
 * validatePreset is the validating webhook's use case (POST /validate): a PodPreset or
 * ClusterPodPreset CREATE or UPDATE is checked with the same parser the sources use, held to the
 * annotation name limit as the CRD is, and denied with every problem when invalid. Pure.
 */
import { isPresetKind, parsePreset, type CompiledPreset } from '../core/preset.js';
import type { PresetCatalog } from '../core/catalog.js';
import { isPlainObject } from '../core/json.js';
import { overlapWarnings } from '../core/lint.js';
import { allowed, denied, type AdmissionResponse } from './responses.js';
import type { AdmissionRequest } from './review.js';

export interface ValidationDecision {
  readonly response: AdmissionResponse;
  /** The problems found; empty when allowed. */
  readonly problems: readonly string[];
  /** The preset being created or updated, when it is valid. */
  readonly preset?: CompiledPreset;
}

const CHECKED_OPERATIONS = new Set(['CREATE', 'UPDATE']);

/**
 * validatePreset allows anything that is not a preset write and denies an invalid preset, naming
 * every problem. Given the cluster's presets (`existing`, cluster mode), a valid preset that would
 * overlap-conflict with one of them is allowed with a warning per conflict (docs/explain.md).
 */
export function validatePreset(request: AdmissionRequest, existing?: PresetCatalog): ValidationDecision {
  const object = request.object;
  const pass: ValidationDecision = { response: allowed(request.uid), problems: [] };
  if (!CHECKED_OPERATIONS.has(request.operation ?? '')) return pass;
  if (request.subResource) return pass; // status writes never change the spec
  if (!isPlainObject(object) || !isPresetKind(object['kind'])) return pass;

  const parsed = parsePreset(object, {
    enforceNameLength: true,
    ...(request.namespace ? { defaultNamespace: request.namespace } : {}),
  });
  if (parsed.ok) {
    const warnings = existing ? overlapWarnings(parsed.value, existing.presets(), existing) : [];
    return { ...pass, response: allowed(request.uid, warnings), preset: parsed.value };
  }
  const metadata = isPlainObject(object['metadata']) ? object['metadata'] : {};
  const name = typeof metadata['name'] === 'string' ? metadata['name'] : request.name;
  const what = `${object['kind']} ${JSON.stringify(name ?? '')}`;
  return {
    response: denied(request.uid, `${what} is invalid: ${parsed.error.join('; ')}`),
    problems: parsed.error,
  };
}
