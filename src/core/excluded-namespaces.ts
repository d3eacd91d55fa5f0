/**
 * The namespaces the shipped MutatingWebhookConfiguration keeps out (PRODUCT §2.1): the API server
 * never sends their Pods to the webhook, so no preset can be missing from them.
 */
import {
  NAMESPACE_INJECTION_DISABLED,
  NAMESPACE_INJECTION_LABEL,
  WEBHOOK_NAMESPACE,
} from '../deploy/names.js';
import type { Labels } from './types.js';

const ALWAYS_EXCLUDED = new Set(['kube-system', WEBHOOK_NAMESPACE]);

/** namespaceExcluded tells whether the webhook is never called for Pods of this namespace. */
export function namespaceExcluded(namespace: string, labels: Labels): boolean {
  return ALWAYS_EXCLUDED.has(namespace) || labels[NAMESPACE_INJECTION_LABEL] === NAMESPACE_INJECTION_DISABLED;
}
