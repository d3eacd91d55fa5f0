/** The namespaces the webhook is never called for (README, "Keeping a namespace or a Pod out"). */
import { describe, expect, it } from 'vitest';
import {
  excludingSelector,
  exclusionReason,
  namespaceExclusions,
  SHIPPED_EXCLUSIONS,
} from '../../src/core/excluded-namespaces.js';
import { compileSelector } from '../../src/core/selector.js';

type Labels = Record<string, string>;
const disabled: Labels = { 'podpreset.dev/injection': 'disabled' };

describe('exclusionReason', () => {
  it.each([
    { namespace: 'kube-system', labels: {}, reason: 'namespace kube-system is excluded (kube-system)' },
    {
      namespace: 'podpreset-system',
      labels: {},
      reason: "namespace podpreset-system is excluded (the webhook's own namespace)",
    },
    { namespace: 'legacy', labels: disabled, reason: 'is labelled podpreset.dev/injection=disabled' },
  ])('$namespace $labels is excluded as shipped', ({ namespace, labels, reason }) => {
    expect(exclusionReason(SHIPPED_EXCLUSIONS, namespace, labels)).toContain(reason);
  });

  it.each<{ namespace: string; labels: Labels }>([
    { namespace: 'default', labels: {} },
    { namespace: 'kube-public', labels: {} },
    { namespace: 'legacy', labels: { 'podpreset.dev/injection': 'enabled' } },
    { namespace: 'legacy', labels: { 'podpreset.dev/injection': 'Disabled' } },
  ])('$namespace $labels is not', ({ namespace, labels }) => {
    expect(exclusionReason(SHIPPED_EXCLUSIONS, namespace, labels)).toBeUndefined();
  });

  it("follows the webhook's own namespace when it runs elsewhere (POD_NAMESPACE)", () => {
    const platform = namespaceExclusions('platform');
    expect(platform.names).toEqual(['kube-system', 'platform']);
    expect(exclusionReason(platform, 'platform', {})).toContain("the webhook's own namespace");
    expect(exclusionReason(platform, 'podpreset-system', {})).toBeUndefined();
    expect(namespaceExclusions('kube-system').names).toEqual(['kube-system']);
  });
});

it('excludes exactly the namespaces the shipped namespaceSelector keeps out', () => {
  const compiled = compileSelector(excludingSelector(SHIPPED_EXCLUSIONS), 'namespaceSelector');
  if (!compiled.ok) throw new Error(compiled.error.join('; '));
  const namespaces = ['default', 'kube-system', 'podpreset-system', 'kube-public', 'legacy'];
  const labelSets: Labels[] = [{}, disabled, { 'podpreset.dev/injection': 'enabled' }, { team: 'a' }];
  for (const namespace of namespaces)
    for (const labels of labelSets) {
      const withName = { ...labels, 'kubernetes.io/metadata.name': namespace };
      const called = compiled.value(withName);
      expect(exclusionReason(SHIPPED_EXCLUSIONS, namespace, withName) === undefined).toBe(called);
    }
});
