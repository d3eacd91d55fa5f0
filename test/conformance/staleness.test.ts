/**
 * Staleness agrees with the engine on every golden case (test/cases, and what CI adds): the Pod the
 * webhook made is never stale against the presets it was made with; the Pod as sent, before the
 * webhook, misses (or conflicts with) every preset the webhook applied; a conflicting Pod is stale.
 */
import { describe, expect, it } from 'vitest';
import { loadPresets, toCatalog } from '../../src/core/load.js';
import { podStaleness, reportable } from '../../src/core/staleness.js';
import { ANNOTATION_DOMAIN } from '../../src/core/annotations.js';
import { loadVectors, presetDocuments, type ConformanceVector } from '../helpers/conformance.js';

const pods = loadVectors().filter((v) => v.pod !== undefined);

/** The case's catalog; `bumped`: every preset written since (a status update, say), so its resourceVersion moved on. */
function catalogFor(vector: ConformanceVector, bumped = false) {
  const documents = presetDocuments(vector).map((object, i) => {
    const { metadata } = object as { metadata?: { resourceVersion?: string } };
    const later =
      bumped && metadata
        ? { ...object!, metadata: { ...metadata, resourceVersion: `${metadata.resourceVersion ?? ''}9` } }
        : object;
    return { source: `${vector.file}#${i}`, object: later };
  });
  return toCatalog(loadPresets(documents));
}

const carriesPresetAnnotations = (vector: ConformanceVector): boolean =>
  Object.keys(vector.pod!.metadata?.annotations ?? {}).some((key) => key.startsWith(`${ANNOTATION_DOMAIN}/`));

const cases = (filter: (vector: ConformanceVector) => boolean) =>
  pods.filter(filter).map((v) => [v.file, v] as const);
const mutated = (v: ConformanceVector): boolean => v.expect.outcome === 'mutated';
const live = (v: ConformanceVector): boolean =>
  reportable(v.pod!, v.namespace, catalogFor(v).labelsOf(v.namespace));

describe.each(cases(mutated))('case %s', (_file, vector) => {
  it('the Pod the webhook made is current, also once its presets’ resourceVersions moved on', () => {
    expect(podStaleness(vector.expect.pod!, vector.namespace, catalogFor(vector))).toEqual([]);
    expect(podStaleness(vector.expect.pod!, vector.namespace, catalogFor(vector, true))).toEqual([]);
  });
});

describe.each(cases((v) => mutated(v) && !carriesPresetAnnotations(v)))('case %s', (_file, vector) => {
  it('the Pod as sent misses or conflicts with every preset applied to it', () => {
    const findings = podStaleness(vector.pod!, vector.namespace, catalogFor(vector));
    const about = findings
      .filter((f) => f.reason === 'missing' || f.reason === 'conflict')
      .map((f) => f.preset);
    for (const name of vector.expect.applied)
      expect(
        about.some((preset) => preset.endsWith(`/${name}`)),
        name,
      ).toBe(true);
    expect(findings.filter((f) => f.reason === 'outdated' || f.reason === 'removed')).toEqual([]);
  });
});

describe.each(cases((v) => v.expect.outcome === 'conflict' && live(v)))('case %s', (_file, vector) => {
  it('a Pod the presets conflict with is stale, with the conflict', () => {
    const findings = podStaleness(vector.pod!, vector.namespace, catalogFor(vector));
    expect(findings.filter((f) => f.reason === 'conflict').length).toBeGreaterThan(0);
  });
});
