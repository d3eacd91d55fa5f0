/**
 * The namespaces the shipped MutatingWebhookConfiguration keeps out: kube-system, the webhook's
 * own namespace, and any namespace labelled `podpreset.dev/injection: disabled`. The API server
 * never sends their Pods to the webhook, so preview and explain must say "unchanged" there; the
 * webhook skips them too, in case a hand-edited configuration sends them anyway. One rule for
 * every caller, and the manifests test holds webhook-config/ to `excludingSelector` (README,
 * "Keeping a namespace or a Pod out").
 */
import { NAMESPACE_NAME_LABEL } from './catalog.js';
import type { LabelSelector, Labels } from './types.js';
/** A namespace labelled with this key and INJECTION_DISABLED opts out of injection. */
export const INJECTION_LABEL = 'podpreset.dev/injection';
export const INJECTION_DISABLED = 'disabled';
/** The webhook's namespace as shipped in webhook-config/; serve takes POD_NAMESPACE when set. */
export const DEFAULT_WEBHOOK_NAMESPACE = 'podpreset-system';

/** Namespaces the webhook is never called for, by name: kube-system, then its own namespace. */
export interface NamespaceExclusions {
  readonly names: readonly string[];
}

/** namespaceExclusions is the rule for a webhook running in `webhookNamespace`. */
export const namespaceExclusions = (webhookNamespace = DEFAULT_WEBHOOK_NAMESPACE): NamespaceExclusions => ({
  names: webhookNamespace === 'kube-system' ? ['kube-system'] : ['kube-system', webhookNamespace],
});

/** The rule as shipped: what `podpreset preview` assumes offline. */
export const SHIPPED_EXCLUSIONS = namespaceExclusions();

/** excludingSelector is the MutatingWebhookConfiguration's namespaceSelector for `exclusions`. */
export const excludingSelector = (exclusions: NamespaceExclusions): LabelSelector => ({
  matchExpressions: [
    { key: NAMESPACE_NAME_LABEL, operator: 'NotIn', values: [...exclusions.names] },
    { key: INJECTION_LABEL, operator: 'NotIn', values: [INJECTION_DISABLED] },
  ],
});

/**
 * exclusionReason says why Pods of `namespace` (with `labels`) never reach the webhook, or
 * undefined when they do.
 */
export function exclusionReason(
  exclusions: NamespaceExclusions,
  namespace: string,
  labels: Labels,
): string | undefined {
  if (exclusions.names.includes(namespace)) {
    const why = namespace === 'kube-system' ? 'kube-system' : "the webhook's own namespace";
    return `namespace ${namespace} is excluded (${why}): the webhook is never called for its Pods`;
  }
  if (labels[INJECTION_LABEL] === INJECTION_DISABLED) {
    return `namespace ${namespace} is labelled ${INJECTION_LABEL}=${INJECTION_DISABLED}: the webhook is never called for its Pods`;
  }
  return undefined;
}
