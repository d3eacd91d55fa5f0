/**
 * The mutating webhook's scope, narrowed (README "Operating podpreset", --narrow-scope): the
 * shipped namespaceSelector (the static exclusions) plus one requirement
 * `kubernetes.io/metadata.name NotIn [...]` listing, sorted, the namespaces that exist, that the
 * static exclusions let through, and where no preset can apply today. A list of where presets are
 * NOT, so a namespace created later is called from its first moment.
 *
 * Pure, like caBundlePatch beside it: the writer (webhook-scope-writer.ts) reads the webhook
 * configuration, asks these functions what to change, and sends the patch.
 *
 * Telling our requirement from the static one: both are `kubernetes.io/metadata.name NotIn`. The
 * static exclusions own the first such requirement (kube-system and the webhook's namespace in the
 * shipped manifests); a second one, after it, is podpreset's. A selector without a static one is
 * not narrowed: after a restart its own list would be taken for a static exclusion and never shrink.
 */
import { NAMESPACE_NAME_LABEL } from '../core/catalog.js';
import { isPlainObject } from '../core/json.js';
import { err, ok, type Result } from '../core/result.js';
import { compileSelector, type LabelMatcher } from '../core/selector.js';
import type { Labels } from '../core/types.js';

/** A requirement as it is in the webhook configuration (untrusted JSON shape, checked on read). */
interface Requirement {
  readonly key?: unknown;
  readonly operator?: unknown;
  readonly values?: unknown;
}

/** A webhook's namespaceSelector split into the static exclusions and podpreset's own list. */
export interface WebhookScope {
  /** Whether the static exclusions let a namespace (its labels) through. */
  readonly admits: LabelMatcher;
  /** podpreset's requirement: its index in matchExpressions and its values; undefined when absent. */
  readonly own: { readonly index: number; readonly values: readonly string[] } | undefined;
  /** matchExpressions as read, for the patch's guard. */
  readonly expressions: readonly unknown[];
}

const isNameNotIn = (requirement: unknown): boolean => {
  const r = requirement as Requirement | null;
  return isPlainObject(r) && r.key === NAMESPACE_NAME_LABEL && r.operator === 'NotIn';
};

/** readScope splits a webhook's namespaceSelector; an error says why it cannot be narrowed. */
export function readScope(namespaceSelector: unknown): Result<WebhookScope> {
  const selector = isPlainObject(namespaceSelector) ? namespaceSelector : {};
  const expressions: unknown[] = Array.isArray(selector['matchExpressions'])
    ? selector['matchExpressions']
    : [];
  const nameRequirements = expressions.flatMap((r, i) => (isNameNotIn(r) ? [i] : []));
  if (nameRequirements.length === 0) {
    return err([
      `its namespaceSelector has no "${NAMESPACE_NAME_LABEL} NotIn" requirement of its own (as the shipped one keeps out kube-system and the webhook's namespace); narrowing appends a second one and needs the first to tell them apart`,
    ]);
  }
  if (nameRequirements.length > 2) {
    return err([
      `its namespaceSelector has ${nameRequirements.length} "${NAMESPACE_NAME_LABEL} NotIn" requirements; narrowing expects the static one and at most its own`,
    ]);
  }
  const ownIndex = nameRequirements[1];
  const ownValues = ownIndex === undefined ? undefined : (expressions[ownIndex] as Requirement).values;
  if (
    ownValues !== undefined &&
    (!Array.isArray(ownValues) || ownValues.some((v) => typeof v !== 'string'))
  ) {
    return err([`matchExpressions[${ownIndex}].values is not a list of strings`]);
  }
  const staticSelector = {
    ...(selector['matchLabels'] === undefined ? {} : { matchLabels: selector['matchLabels'] }),
    matchExpressions: expressions.filter((_, i) => i !== ownIndex),
  };
  const admits = compileSelector(staticSelector, 'namespaceSelector');
  if (!admits.ok) return err(admits.error);
  return ok({
    admits: admits.value,
    own: ownIndex === undefined ? undefined : { index: ownIndex, values: (ownValues ?? []) as string[] },
    // A copy: the patch's guard must hold what was read, whatever happens to the object later.
    expressions: structuredClone(expressions),
  });
}

/**
 * quietNamespaces is the list to write: every namespace (name → labels, the name label included)
 * that the static exclusions admit and where `presetsMayApply` says no preset can apply, sorted.
 */
export function quietNamespaces(
  scope: Pick<WebhookScope, 'admits'>,
  namespaces: Iterable<readonly [string, Labels]>,
  presetsMayApply: (namespace: string) => boolean,
): string[] {
  const quiet: string[] = [];
  for (const [name, labels] of namespaces) {
    if (scope.admits(labels) && !presetsMayApply(name)) quiet.push(name);
  }
  return quiet.sort();
}

/** The namespaces a change adds to and removes from the list, for the log line. */
export function scopeChange(
  before: readonly string[],
  after: readonly string[],
): { added: string[]; removed: string[] } {
  const was = new Set(before);
  const is = new Set(after);
  return { added: after.filter((n) => !was.has(n)), removed: before.filter((n) => !is.has(n)) };
}

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * scopePatch is the JSON patch that makes webhook `index` (named `name`) list exactly `wanted`,
 * or [] when it already does. It touches only podpreset's own requirement, and its `test`
 * operations make it fail (422) rather than write into a selector that changed since it was read.
 */
export function scopePatch(
  index: number,
  name: string,
  scope: WebhookScope,
  wanted: readonly string[],
): object[] {
  const at = `/webhooks/${index}/namespaceSelector/matchExpressions`;
  const guard = { op: 'test', path: `/webhooks/${index}/name`, value: name };
  const requirement = (values: readonly string[]): object => ({
    key: NAMESPACE_NAME_LABEL,
    operator: 'NotIn',
    values: [...values],
  });
  const { own } = scope;
  if (!own) {
    if (wanted.length === 0) return [];
    return [
      guard,
      { op: 'test', path: at, value: scope.expressions },
      { op: 'add', path: `${at}/-`, value: requirement(wanted) },
    ];
  }
  if (sameList(own.values, wanted)) return [];
  const ownPath = `${at}/${own.index}`;
  const test = { op: 'test', path: ownPath, value: scope.expressions[own.index] };
  if (wanted.length === 0) return [guard, test, { op: 'remove', path: ownPath }];
  return [guard, test, { op: 'replace', path: `${ownPath}/values`, value: [...wanted] }];
}
