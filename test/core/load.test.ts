/**
 * Loading a preset directory's documents: each preset is defined once, and a document of another
 * kind is reported without quoting what it holds.
 */
import { describe, expect, it } from 'vitest';
import { loadPresets } from '../../src/core/load.js';
import { aPreset } from '../helpers/builders.js';

describe('loadPresets', () => {
  it('keeps the first definition of a preset and reports the second as a duplicate', () => {
    const preset = aPreset('web-env', { env: [{ name: 'A', value: '1' }] });
    const loaded = loadPresets([
      { source: 'a.yaml#0', object: preset },
      { source: 'b.yaml#0', object: preset },
    ]);
    expect(loaded.presets).toHaveLength(1);
    expect(loaded.invalid).toEqual([
      expect.objectContaining({
        source: 'b.yaml#0',
        problems: ['duplicate of a.yaml#0: a preset is defined once'],
      }),
    ]);
  });

  it('names the kind of a document of another kind only when it reads as a name', () => {
    const loaded = loadPresets([
      { source: 'a.yaml#0', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } } },
      { source: 'a.yaml#1', object: { kind: { token: 'hunter2-SECRET' } } },
      { source: 'a.yaml#2', object: 'hunter2-SECRET' },
    ]);
    expect(loaded.invalid.map((invalid) => invalid.problems)).toEqual([
      ['kind: expected PodPreset, ClusterPodPreset, Namespace or a List of them, not "ConfigMap"'],
      ['kind: expected PodPreset, ClusterPodPreset, Namespace or a List of them, not an object'],
      [
        'kind: expected PodPreset, ClusterPodPreset, Namespace or a List of them, not a document that is not an object',
      ],
    ]);
  });
});
