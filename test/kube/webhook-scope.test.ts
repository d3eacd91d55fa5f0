/**
 * The pure half of --narrow-scope: which requirement is podpreset's, which namespaces to list, and
 * the JSON patch that writes the list, applied with a real JSON Patch library to the shipped
 * MutatingWebhookConfiguration.
 */
import path from 'node:path';
import jsonpatch, { type Operation } from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import { NAMESPACE_NAME_LABEL } from '../../src/core/catalog.js';
import type { Labels } from '../../src/core/types.js';
import { quietNamespaces, readScope, scopeChange, scopePatch } from '../../src/kube/webhook-scope.js';
import { REPO_ROOT, find, kustomize } from '../manifests/load.js';

type Configuration = {
  webhooks: { name: string; namespaceSelector: { matchExpressions: Record<string, unknown>[] } }[];
};
const shipped = (): Configuration =>
  structuredClone(
    find(kustomize(path.join(REPO_ROOT, 'webhook-config')), 'MutatingWebhookConfiguration'),
  ) as unknown as Configuration;

const ns = (name: string, labels: Record<string, string> = {}): [string, Labels] => [
  name,
  { ...labels, [NAMESPACE_NAME_LABEL]: name },
];
const NAMESPACES = [
  ns('kube-system'),
  ns('podpreset-system', { 'podpreset.dev/injection': 'disabled' }),
  ns('team-b'),
  ns('opted-out', { 'podpreset.dev/injection': 'disabled' }),
  ns('shop'),
  ns('team-a'),
];

/** narrow runs the whole pure path once: read the scope, list, patch, apply. */
function narrow(configuration: Configuration, mayApply: (n: string) => boolean): Configuration {
  const webhook = configuration.webhooks[0]!;
  const scope = readScope(webhook.namespaceSelector);
  if (!scope.ok) throw new Error(scope.error.join('; '));
  const patch = scopePatch(0, webhook.name, scope.value, quietNamespaces(scope.value, NAMESPACES, mayApply));
  return jsonpatch.applyPatch(structuredClone(configuration), patch as Operation[], true, false).newDocument;
}

describe('the narrowed scope of the mutating webhook', () => {
  it('lists, sorted, the namespaces the static exclusions admit and where no preset can apply', () => {
    const scope = readScope(shipped().webhooks[0]!.namespaceSelector);
    expect(scope.ok).toBe(true);
    if (!scope.ok) return;
    expect(scope.value.own).toBeUndefined();
    expect(quietNamespaces(scope.value, NAMESPACES, (n) => n === 'shop')).toEqual(['team-a', 'team-b']);
    expect(quietNamespaces(scope.value, NAMESPACES, () => true)).toEqual([]);
  });

  it('appends its requirement after the static ones and leaves them as they were', () => {
    const before = shipped();
    const after = narrow(before, (n) => n === 'shop');
    const expressions = after.webhooks[0]!.namespaceSelector.matchExpressions;
    expect(expressions.slice(0, -1)).toEqual(before.webhooks[0]!.namespaceSelector.matchExpressions);
    expect(expressions.at(-1)).toEqual({
      key: NAMESPACE_NAME_LABEL,
      operator: 'NotIn',
      values: ['team-a', 'team-b'],
    });
    // Everything else of the object is what it was.
    const strip = (c: Configuration): unknown => ({
      ...c,
      webhooks: c.webhooks.map((w) => ({ ...w, namespaceSelector: undefined })),
    });
    expect(strip(after)).toEqual(strip(before));
  });

  it('recognises its own requirement when it reads it back: replaces its values, removes it when empty, or writes nothing', () => {
    const narrowed = narrow(shipped(), (n) => n === 'shop');
    const own = readScope(narrowed.webhooks[0]!.namespaceSelector);
    expect(own.ok && own.value.own).toEqual({ index: 2, values: ['team-a', 'team-b'] });

    // The same list again: no patch at all.
    expect(own.ok && scopePatch(0, 'pods.mutate.podpreset.dev', own.value, ['team-a', 'team-b'])).toEqual([]);

    const widened = narrow(narrowed, (n) => n === 'shop' || n === 'team-a');
    expect(widened.webhooks[0]!.namespaceSelector.matchExpressions.at(-1)?.['values']).toEqual(['team-b']);

    const emptied = narrow(widened, () => true);
    expect(emptied.webhooks[0]!.namespaceSelector.matchExpressions).toEqual(
      shipped().webhooks[0]!.namespaceSelector.matchExpressions,
    );
  });

  it('judges the static exclusions without its own list (a namespace it listed is still admitted by them)', () => {
    const narrowed = narrow(shipped(), () => false);
    const scope = readScope(narrowed.webhooks[0]!.namespaceSelector);
    expect(scope.ok && quietNamespaces(scope.value, NAMESPACES, () => false)).toEqual([
      'shop',
      'team-a',
      'team-b',
    ]);
  });

  it('refuses a selector without a static name requirement, and one with more than two', () => {
    const none = readScope({ matchExpressions: [{ key: 'a', operator: 'Exists' }] });
    expect(none.ok).toBe(false);
    expect(!none.ok && none.error[0]).toMatch(/no "kubernetes.io\/metadata.name NotIn" requirement/);
    expect(readScope(undefined).ok).toBe(false);
    const requirement = { key: NAMESPACE_NAME_LABEL, operator: 'NotIn', values: ['x'] };
    const three = readScope({ matchExpressions: [requirement, requirement, requirement] });
    expect(!three.ok && three.error[0]).toMatch(/3 .* requirements/);
  });

  it('fails the patch (JSON Patch test) when the selector changed after it was read', () => {
    const configuration = shipped();
    const scope = readScope(configuration.webhooks[0]!.namespaceSelector);
    if (!scope.ok) throw new Error('unreadable');
    const patch = scopePatch(0, 'pods.mutate.podpreset.dev', scope.value, ['team-a']);
    configuration.webhooks[0]!.namespaceSelector.matchExpressions.push({ key: 'x', operator: 'Exists' });
    expect(() => jsonpatch.applyPatch(configuration, patch as Operation[], true, false)).toThrow(/test/i);
  });

  it('names the namespaces a change adds and removes', () => {
    expect(scopeChange(['a', 'b', 'c'], ['b', 'c', 'd'])).toEqual({ added: ['d'], removed: ['a'] });
  });
});
