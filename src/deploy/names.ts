/**
 * Names the manifests in webhook-config/ and cluster mode share (docs/CONVENTIONS.md).
 * A test holds the manifests to these; cluster mode can import them instead of repeating strings.
 */
import {
  DEFAULT_WEBHOOK_NAMESPACE,
  INJECTION_DISABLED,
  INJECTION_LABEL,
} from '../core/excluded-namespaces.js';

export const WEBHOOK_NAMESPACE = DEFAULT_WEBHOOK_NAMESPACE;
export const SERVICE_ACCOUNT = 'podpreset';
export const SERVICE_NAME = 'podpreset-webhook';
/** The Service port the API server calls; it forwards to DEFAULT_PORT (container port named CONTAINER_PORT_NAME). */
export const SERVICE_PORT = 443;
export const CONTAINER_PORT_NAME = 'https';
export const CERT_SECRET_NAME = 'podpreset-webhook-tls';
export const STATUS_LEASE_NAME = 'podpreset-status-writer';
/** Both the Mutating- and the ValidatingWebhookConfiguration carry this name. */
export const WEBHOOK_CONFIGURATION_NAME = 'podpreset';
/** The Service's in-cluster DNS name: the SAN the serving certificate must carry. */
export const SERVICE_DNS_NAME = `${SERVICE_NAME}.${WEBHOOK_NAMESPACE}.svc`;
/** A Namespace labelled `podpreset.dev/injection: disabled` is kept out by the webhook's namespaceSelector. */
export const NAMESPACE_INJECTION_LABEL = INJECTION_LABEL;
export const NAMESPACE_INJECTION_DISABLED = INJECTION_DISABLED;
