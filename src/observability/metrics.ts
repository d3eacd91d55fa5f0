/**
 * Prometheus metrics (docs/SPEC.md §3). One registry per server instance, so tests can run several
 * servers in one process and read each one's numbers.
 *
 * Besides podpreset's own `podpreset_*` metrics, the standard Node process metrics under the
 * names dashboards expect (`process_*`, `nodejs_*`, prom-client's defaults without a prefix) and
 * `podpreset_build_info`. None of them costs the request path anything: the process metrics are
 * read when /metrics is scraped (the event-loop-lag and GC ones sample in the background).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { packageVersion } from './build-info.js';

export interface Metrics {
  readonly registry: Registry;
  /**
   * Requests by endpoint and outcome: mutate (mutated, unchanged, conflict, not-ready), validate
   * (allowed, denied), preview and explain (answered); any endpoint: rejected (4xx), error (unexpected).
   */
  readonly admissionRequests: Counter<'endpoint' | 'outcome'>;
  readonly admissionDuration: Histogram<'endpoint'>;
  /** Conflicts found, one per conflicting key, by field and resolution (abort, skip-preset, keep-existing). */
  readonly conflicts: Counter<'field' | 'resolution'>;
  readonly presetsLoaded: Gauge<'kind'>;
  readonly presetsInvalid: Gauge;
  /** 1 while the preset source is in sync (files loaded, informers watching), else 0. */
  readonly sourceSynced: Gauge<'resource'>;
  readonly sourceRestarts: Counter<'resource'>;
  readonly certificateReloads: Counter<'result'>;
  /** Namespaces the narrowed mutating webhook is not called for (--narrow-scope), by webhook. */
  readonly webhookScopeNamespaces: Gauge<'webhook'>;
  /** Writes of that list, by webhook and by trigger (sync: the elected replica's pass; preset: /validate admitting a preset). */
  readonly webhookScopeUpdates: Counter<'webhook' | 'trigger'>;
}

/**
 * What a preset source reports (files or informers): the narrow face of Metrics that
 * `src/presets` and `src/kube` see, so a source does not know who serves it.
 */
export type SourceMetrics = Pick<
  Metrics,
  'presetsLoaded' | 'presetsInvalid' | 'sourceSynced' | 'sourceRestarts'
>;

/** What a serving-certificate source reports (`src/tls`, the Secret-backed source in `src/kube`). */
export type CertificateMetrics = Pick<Metrics, 'certificateReloads'>;

/** What the writer of the webhook's narrowed scope reports. */
export type ScopeMetrics = Pick<Metrics, 'webhookScopeNamespaces' | 'webhookScopeUpdates'>;

/** createMetrics registers every metric on a fresh registry. */
export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  new Gauge({
    name: 'podpreset_build_info',
    help: 'Always 1; the labels say which podpreset version runs on which Node version.',
    labelNames: ['version', 'node_version'],
    registers,
  }).set({ version: packageVersion(), node_version: process.version }, 1);
  return {
    registry,
    admissionRequests: new Counter({
      name: 'podpreset_admission_requests_total',
      help: 'Admission and preview requests answered, by endpoint and outcome.',
      labelNames: ['endpoint', 'outcome'],
      registers,
    }),
    admissionDuration: new Histogram({
      name: 'podpreset_admission_duration_seconds',
      help: 'Time from request body received to answer written.',
      labelNames: ['endpoint'],
      // An admission webhook answers in well under a millisecond; the API server times out at seconds.
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5, 1],
      registers,
    }),
    conflicts: new Counter({
      name: 'podpreset_conflicts_total',
      help: 'Conflicts found in Pods, by field and by resolution (abort, skip-preset, keep-existing).',
      labelNames: ['field', 'resolution'],
      registers,
    }),
    presetsLoaded: new Gauge({
      name: 'podpreset_presets_loaded',
      help: 'Valid presets in the cache, by kind.',
      labelNames: ['kind'],
      registers,
    }),
    presetsInvalid: new Gauge({
      name: 'podpreset_presets_invalid',
      help: 'Presets (or preset files) skipped because they are invalid.',
      registers,
    }),
    sourceSynced: new Gauge({
      name: 'podpreset_source_synced',
      help: '1 while the preset source for a resource is in sync, 0 while loading or reconnecting.',
      labelNames: ['resource'],
      registers,
    }),
    sourceRestarts: new Counter({
      name: 'podpreset_source_restarts_total',
      help: 'Reloads of preset files or restarts of informers after an error.',
      labelNames: ['resource'],
      registers,
    }),
    certificateReloads: new Counter({
      name: 'podpreset_certificate_reloads_total',
      help: 'Serving certificate reloads, by result (ok, error).',
      labelNames: ['result'],
      registers,
    }),
    webhookScopeNamespaces: new Gauge({
      name: 'podpreset_webhook_scope_namespaces',
      help: 'Namespaces the mutating webhook is not called for because no preset can apply there (--narrow-scope).',
      labelNames: ['webhook'],
      registers,
    }),
    webhookScopeUpdates: new Counter({
      name: 'podpreset_webhook_scope_updates_total',
      help: 'Writes of the narrowed namespaceSelector, by webhook and trigger (sync, preset).',
      labelNames: ['webhook', 'trigger'],
      registers,
    }),
  };
}
