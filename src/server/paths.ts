/** HTTPS paths and the default port of `podpreset serve`; webhook-config/ and the Deployment's probes use these. */
export const MUTATE_PATH = '/mutate';
export const VALIDATE_PATH = '/validate';
export const PREVIEW_PATH = '/preview';
export const EXPLAIN_PATH = '/explain';
export const HEALTHZ_PATH = '/healthz';
export const READYZ_PATH = '/readyz';
export const METRICS_PATH = '/metrics';
export const DEFAULT_PORT = 8443;
