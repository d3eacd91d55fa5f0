/**
 * A Pod with tens of thousands of containers reaches the webhook (mutating admission runs before
 * validation). The engine never writes a patch larger than the largest object the API server
 * stores: the Pod is admitted unchanged, with a warning that says why.
 */
import { describe, expect, it } from 'vitest';
import { mutatePod } from '../../src/admission/mutate-pod.js';
import { evaluate } from '../../src/core/evaluate.js';
import { MAX_PATCH_BYTES, PatchWriter } from '../../src/core/patch.js';
import { aPod, aPreset, catalogOf } from '../helpers/builders.js';
import { podCreate } from '../helpers/cluster-fixtures.js';

const ENV = Array.from({ length: 5 }, (_, i) => ({ name: `VAR_${i}`, value: 'x'.repeat(40) }));
const catalog = catalogOf(aPreset('env', { selector: { matchLabels: { app: 'web' } }, env: ENV }));
const containers = (count: number): object[] =>
  Array.from({ length: count }, (_, i) => ({ name: `c${i}`, image: 'i' }));

describe('the patch bound', () => {
  it('a patch past the bound holds no operations and says how large it would have been', () => {
    const writer = new PatchWriter();
    const value = 'x'.repeat(1024);
    for (let i = 0; i < 2000; i++) writer.add(`/metadata/annotations/a${i}`, value);
    const patch = writer.finish();
    expect(patch.bytes).toBeGreaterThan(MAX_PATCH_BYTES);
    expect(patch.operations).toEqual([]);
    expect(patch.json).toBe('[]');
  });

  it('a Pod whose patch would pass the bound is left unchanged, with a warning', () => {
    const pod = aPod({ spec: { containers: containers(20_000) } });
    const evaluation = evaluate(pod, '', 'default', catalog);
    expect(evaluation).toMatchObject({ outcome: 'unchanged', patch: [], patchJson: '[]' });
    expect(evaluation.warning).toMatch(
      /^no preset applied: the patch would be \d+\.\d MiB, more than the 1\.5 MiB the API server stores for a whole object \(PodPreset\/env matched\)$/,
    );
    expect(evaluation.reason).toBe(evaluation.warning);
  });

  it('the webhook admits that Pod without a patch and passes the warning on', () => {
    const request = {
      ...podCreate('default', { app: 'web' }, { name: 'many' }),
      object: aPod({ spec: { containers: containers(20_000) } }),
    };
    const { response } = mutatePod(request, catalog);
    expect(response.allowed).toBe(true);
    expect(response.patch).toBeUndefined();
    expect(response.warnings).toEqual([
      expect.stringMatching(/^podpreset: no preset applied: the patch would be/),
    ]);
  });

  it('a Pod just inside the bound is still mutated', () => {
    const evaluation = evaluate(aPod({ spec: { containers: containers(500) } }), '', 'default', catalog);
    expect(evaluation.outcome).toBe('mutated');
    expect(evaluation.warning).toBeUndefined();
  });
});

describe('conflict warnings', () => {
  it('are at most ten, and one more line counts the rest', () => {
    const clashing = Array.from({ length: 25 }, (_, i) => ({
      name: `c${i}`,
      image: 'i',
      env: [{ name: 'VAR_0', value: 'own' }],
    }));
    const request = {
      ...podCreate('default', { app: 'web' }, { name: 'clash' }),
      object: aPod({ spec: { containers: clashing } }),
    };
    const { response, evaluation } = mutatePod(request, catalog);
    expect(evaluation.conflicts).toHaveLength(25);
    expect(response.warnings).toHaveLength(11);
    expect(response.warnings?.[0]).toBe(
      'podpreset: PodPreset "env" conflicts with the pod on env var "VAR_0" in container "c0"; no preset was applied',
    );
    expect(response.warnings?.[10]).toBe('podpreset: 15 more conflicts not shown; no preset was applied');
  });
});
