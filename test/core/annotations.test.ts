import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { presetAnnotationKey } from '../../src/core/annotations.js';
import { qualifiedNameProblem } from '../../src/core/names.js';

const sha8 = (name: string): string => createHash('sha256').update(name, 'utf8').digest('hex').slice(0, 8);

describe('presetAnnotationKey (docs/SPEC.md §2.8)', () => {
  it('uses the in-tree key for short names', () => {
    expect(presetAnnotationKey('PodPreset', 'allow-database')).toBe(
      'podpreset.admission.kubernetes.io/podpreset-allow-database',
    );
    expect(presetAnnotationKey('ClusterPodPreset', 'mesh')).toBe(
      'podpreset.admission.kubernetes.io/clusterpodpreset-mesh',
    );
  });

  it.each([
    ['PodPreset', 53, false],
    ['PodPreset', 54, true],
    ['ClusterPodPreset', 46, false],
    ['ClusterPodPreset', 47, true],
  ] as const)('%s with a %i-character name is shortened: %s', (kind, length, shortened) => {
    const name = 'a'.repeat(length);
    const key = presetAnnotationKey(kind, name);
    const namePart = key.split('/')[1]!;
    expect(namePart.length).toBe(shortened ? 63 : kind.length + 1 + length);
    expect(namePart.endsWith(`-${sha8(name)}`)).toBe(shortened);
    expect(qualifiedNameProblem(key)).toBeUndefined();
  });

  it('shortens to prefix + longest fitting name prefix + "-" + 8 hex of SHA-256, exactly 63 characters', () => {
    const name = 'a-very-long-preset-name-that-the-platform-team-wrote-for-the-payments-namespace';
    const namePart = presetAnnotationKey('PodPreset', name).split('/')[1]!;
    expect(namePart).toBe(`podpreset-${name.slice(0, 44)}-${sha8(name)}`);
    expect(namePart).toHaveLength(63);
  });

  it('gives different long names that share a prefix different keys', () => {
    const base = 'x'.repeat(60);
    expect(presetAnnotationKey('PodPreset', `${base}-one`)).not.toBe(
      presetAnnotationKey('PodPreset', `${base}-two`),
    );
  });

  it('stays a valid key when the cut lands on a dot or dash', () => {
    const name = `${'a'.repeat(43)}.-${'b'.repeat(30)}`;
    expect(qualifiedNameProblem(presetAnnotationKey('PodPreset', name))).toBeUndefined();
  });
});

describe('qualifiedNameProblem', () => {
  it.each(['app', 'example.com/app', 'a_b.c-d', 'kubernetes.io/metadata.name'])('accepts %s', (key) => {
    expect(qualifiedNameProblem(key)).toBeUndefined();
  });
  it.each(['', '/app', 'Example.com/app', 'a/b/c', '-app', 'app-', `a${'b'.repeat(63)}`, 'has space'])(
    'rejects %j',
    (key) => {
      expect(qualifiedNameProblem(key)).toBeDefined();
    },
  );
});
