/**
 * `podpreset serve`: the composition root of the webhook. Flags → logger, metrics, certificate
 * source, preset source → express app → HTTPS server; SIGTERM/SIGINT → not ready, requests in
 * flight finish, resolve with exit code 0. Flags are those of docs/CONVENTIONS.md.
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AdmissionObserver } from '../admission/observer.js';
import type { PresetAdmissionHook } from '../admission/preset-admission.js';
import { createLogger, type Logger } from '../observability/logger.js';
import { FilePresetSource } from '../presets/file-source.js';
import type { PresetSource } from '../presets/source.js';
import { createApp } from '../server/app.js';
import { startHttpsServer, type ServerTimeouts } from '../server/https-server.js';
import { createMetrics, type Metrics } from '../observability/metrics.js';
import { DEFAULT_PORT, MUTATE_PATH, PREVIEW_PATH } from '../server/paths.js';
import { CERT_DIR_FILES, CertDirSource } from '../tls/cert-dir-source.js';
import { FileCertificateSource } from '../tls/file-source.js';
import type { CertificateSource } from '../tls/source.js';
import { parseFlags } from './flags.js';
import { UsageError } from './usage-error.js';

export const SERVE_HELP = `Usage: podpreset serve [--presets PATH]... [--host H] [--port N]
                       [--cert-dir DIR | --tls-cert FILE --tls-key FILE] [--dns-name NAME]...
                       [--kubeconfig FILE] [--cert-secret NS/NAME] [--webhook-config NAME]...
                       [--lease NS/NAME] [--narrow-scope] [--log-level LEVEL]

Serves the podpreset admission webhook over HTTPS: POST /mutate, /validate, /preview;
GET /healthz, /readyz, /metrics.

      --presets PATH        file mode: presets and Namespaces from files or directories, watched
                            for changes. Repeatable. Without it: cluster mode (the Kubernetes API).
      --host H              listen address (default 0.0.0.0)
      --port N              listen port (default ${DEFAULT_PORT}; 0 picks a free one, logged)
      --cert-dir DIR        self-signed CA and serving certificate kept here (ca.crt, tls.crt, tls.key);
                            default: a directory under the system temp dir
      --tls-cert FILE       serve this certificate (with --tls-key), reloaded when the files change
      --tls-key FILE
      --dns-name NAME       extra SAN of the self-signed serving certificate. Repeatable.
      --kubeconfig FILE     cluster mode: kubeconfig (else KUBECONFIG, else in-cluster config)
      --cert-secret NS/NAME cluster mode: CA and serving certificate kept in this Secret
      --webhook-config NAME cluster mode: keep this webhook configuration's caBundle current. Repeatable.
      --lease NS/NAME       cluster mode: Lease electing the replica that writes preset status
      --narrow-scope        cluster mode: the elected replica keeps the mutating webhook of
                            --webhook-config from being called in namespaces where no preset can
                            apply (needs --lease and --webhook-config)
      --log-level LEVEL     trace, debug, info (default), warn, error, fatal or silent
`;

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

export interface NamespacedName {
  readonly namespace: string;
  readonly name: string;
}

export interface ServeOptions {
  readonly presets: readonly string[];
  readonly host: string;
  readonly port: number;
  readonly certDir: string | undefined;
  readonly tlsCert: string | undefined;
  readonly tlsKey: string | undefined;
  readonly dnsNames: readonly string[];
  readonly kubeconfig: string | undefined;
  readonly certSecret: NamespacedName | undefined;
  readonly webhookConfigs: readonly string[];
  readonly lease: NamespacedName | undefined;
  readonly narrowScope: boolean;
  readonly logLevel: string;
}

function namespacedName(flag: string, value: string | undefined): NamespacedName | undefined {
  if (value === undefined) return undefined;
  const [namespace, name, ...rest] = value.split('/');
  if (!namespace || !name || rest.length > 0)
    throw new UsageError(`--${flag} must be NAMESPACE/NAME, not ${value}`);
  return { namespace, name };
}

/** parseServeArgs checks the flags of `podpreset serve`; bad usage is a UsageError (exit 2). */
export function parseServeArgs(args: readonly string[]): ServeOptions | 'help' {
  const values = parseFlags(
    args,
    {
      presets: { type: 'string', multiple: true },
      host: { type: 'string', default: '0.0.0.0' },
      port: { type: 'string', default: String(DEFAULT_PORT) },
      'cert-dir': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'dns-name': { type: 'string', multiple: true },
      kubeconfig: { type: 'string' },
      'cert-secret': { type: 'string' },
      'webhook-config': { type: 'string', multiple: true },
      lease: { type: 'string' },
      'narrow-scope': { type: 'boolean', default: false },
      'log-level': { type: 'string', default: 'info' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    SERVE_HELP,
  );
  if (values.help) return 'help';
  if (!/^\d+$/.test(values.port) || Number(values.port) > 65535) {
    throw new UsageError(`--port must be a number from 0 to 65535, not ${values.port}`);
  }
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) {
    throw new UsageError('--tls-cert and --tls-key go together');
  }
  if (values['tls-cert'] !== undefined && values['cert-dir'] !== undefined) {
    throw new UsageError('--cert-dir (self-signed) and --tls-cert/--tls-key (your files) exclude each other');
  }
  if (!LOG_LEVELS.includes(values['log-level'])) {
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  }
  const presets = values.presets ?? [];
  if (presets.length > 0) {
    const clusterFlags = ['kubeconfig', 'cert-secret', 'webhook-config', 'lease', 'narrow-scope'] as const;
    const given = clusterFlags.filter((flag) => values[flag] !== undefined && values[flag] !== false);
    if (given.length > 0) {
      throw new UsageError(`--${given.join(', --')} belong to cluster mode, which --presets turns off`);
    }
  }
  if (values['narrow-scope'] && (values.lease === undefined || values['webhook-config'] === undefined)) {
    throw new UsageError(
      '--narrow-scope needs --lease NS/NAME (the elected replica writes the scope) and --webhook-config NAME (the MutatingWebhookConfiguration to narrow)',
    );
  }
  return {
    presets,
    host: values.host,
    port: Number(values.port),
    certDir: values['cert-dir'],
    tlsCert: values['tls-cert'],
    tlsKey: values['tls-key'],
    dnsNames: values['dns-name'] ?? [],
    kubeconfig: values.kubeconfig,
    certSecret: namespacedName('cert-secret', values['cert-secret']),
    webhookConfigs: values['webhook-config'] ?? [],
    lease: namespacedName('lease', values.lease),
    narrowScope: values['narrow-scope'],
    logLevel: values['log-level'],
  };
}

/**
 * Where presets come from, and what else that mode brings: file mode, or cluster mode's
 * informers. serveBundle calls start() on the presets and certificates (cluster mode has already
 * called it: start() is idempotent and returns the first load's promise) once the server listens,
 * so /healthz answers while presets load, and stop() on them and on the bundle at shutdown.
 */
export interface ServeBundle {
  readonly presets: PresetSource;
  /** Cluster mode's shared certificate (--cert-secret); file mode has none of its own. */
  readonly certificates?: CertificateSource;
  readonly observers: readonly AdmissionObserver[];
  /** Cluster mode with --narrow-scope: awaited before /validate admits a preset. */
  readonly presetAdmission?: PresetAdmissionHook;
  stop(): Promise<void>;
}

/** Seams for tests and embedding: where logs go, which signals end the server, timeouts. */
export interface ServeEnvironment {
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  readonly signals?: Pick<NodeJS.Process, 'once' | 'off'>;
  readonly timeouts?: Partial<ServerTimeouts>;
  readonly stdout?: NodeJS.WritableStream;
}

async function fileMode(options: ServeOptions, logger: Logger, metrics: Metrics): Promise<ServeBundle> {
  for (const path of options.presets) {
    // A mistyped path at startup is a usage error; a path that goes away later only empties it.
    if (!(await stat(path).catch(() => undefined)))
      throw new UsageError(`--presets ${path}: no such file or directory`);
  }
  const presets = new FilePresetSource({ paths: options.presets, logger, metrics });
  return { presets, observers: [], stop: async () => {} };
}

/** Certificate choice: --tls-cert/--tls-key, else the mode's own, else self-signed in --cert-dir. */
function chooseCertificates(
  options: ServeOptions,
  bundle: ServeBundle,
  logger: Logger,
  metrics: Metrics,
): { source: CertificateSource; caFile?: string } {
  if (options.tlsCert !== undefined && options.tlsKey !== undefined) {
    return {
      source: new FileCertificateSource({
        certFile: options.tlsCert,
        keyFile: options.tlsKey,
        logger,
        metrics,
      }),
    };
  }
  if (bundle.certificates) return { source: bundle.certificates };
  const dir = options.certDir ?? join(tmpdir(), 'podpreset-certs');
  const source = new CertDirSource({ dir, dnsNames: options.dnsNames, logger });
  return { source, caFile: join(dir, CERT_DIR_FILES.caCert) };
}

/** How to try a local server, with commands that work as printed from the repository root. */
function tryIt(url: string, caFile: string): Record<string, string> {
  const hints: Record<string, string> = { url, ca: caFile };
  const workload = 'examples/workloads/deployment.yaml';
  const review = 'examples/admission/pod-create.json';
  if (existsSync(workload)) {
    hints['preview'] =
      `curl --cacert ${caFile} -X POST '${url}${PREVIEW_PATH}?namespace=shop' --data-binary @${workload} -H 'Content-Type: application/yaml'`;
  }
  if (existsSync(review)) {
    hints['mutate'] =
      `curl --cacert ${caFile} -X POST ${url}${MUTATE_PATH} --data-binary @${review} -H 'Content-Type: application/json'`;
  }
  return hints;
}

/** runServe runs `podpreset serve ARGS` until SIGTERM or SIGINT and resolves with the exit code. */
export async function runServe(args: readonly string[], env: ServeEnvironment = {}): Promise<number> {
  const options = parseServeArgs(args);
  if (options === 'help') {
    (env.stdout ?? process.stdout).write(SERVE_HELP);
    return 0;
  }
  const logger = env.logger ?? createLogger(options.logLevel);
  const metrics = env.metrics ?? createMetrics();
  if (options.presets.length === 0) {
    const { startClusterMode } = await import('../kube/cluster-mode.js');
    const cluster = await startClusterMode({
      ...(options.kubeconfig === undefined ? {} : { kubeconfig: options.kubeconfig }),
      ...(options.certSecret ? { certSecret: options.certSecret } : {}),
      webhookConfigs: [...options.webhookConfigs],
      ...(options.lease ? { lease: options.lease } : {}),
      narrowScope: options.narrowScope,
      dnsNames: [...options.dnsNames],
      logger,
      metrics,
    });
    return serveBundle(options, cluster, { ...env, logger, metrics });
  }
  const bundle = await fileMode(options, logger, metrics);
  return serveBundle(options, bundle, { ...env, logger, metrics });
}

/** serveBundle serves one mode's presets until a signal, then drains and stops everything. */
export async function serveBundle(
  options: ServeOptions,
  bundle: ServeBundle,
  env: ServeEnvironment & { logger: Logger; metrics: Metrics },
): Promise<number> {
  const { logger, metrics } = env;
  const signals = env.signals ?? process;
  const certificates = chooseCertificates(options, bundle, logger, metrics);
  await certificates.source.start();

  let shuttingDown = false;
  const app = createApp({
    presets: bundle.presets,
    logger,
    metrics,
    observers: bundle.observers,
    ...(bundle.presetAdmission ? { presetAdmission: bundle.presetAdmission } : {}),
    isShuttingDown: () => shuttingDown,
  });
  const server = await startHttpsServer({
    app,
    certificates: certificates.source,
    host: options.host,
    port: options.port,
    logger,
    ...(env.timeouts ? { timeouts: env.timeouts } : {}),
  });
  const { address, port } = server.address;
  const shownHost = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(address) ? 'localhost' : address;
  const url = `https://${shownHost}:${port}`;
  logger.info({ address, port, url }, 'listening');
  logger.flush(); // lifecycle lines go out at once; only the per-request lines wait for a batch

  let signalled: (signal: string) => void = () => {};
  const stopping = new Promise<string>((resolve) => (signalled = resolve));
  const onSignal = (signal: NodeJS.Signals): void => signalled(signal);
  signals.once('SIGTERM', onSignal);
  signals.once('SIGINT', onSignal);

  try {
    await bundle.presets.start();
    logger.info({ ...(certificates.caFile ? tryIt(url, certificates.caFile) : { url }) }, 'ready');
    logger.flush();
    const signal = await stopping;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down: not ready, finishing requests in flight');
    logger.flush();
  } finally {
    signals.off('SIGTERM', onSignal);
    signals.off('SIGINT', onSignal);
    shuttingDown = true;
    await server.close();
    await Promise.all([bundle.presets.stop(), certificates.source.stop(), bundle.stop()]);
  }
  logger.info('stopped');
  return 0;
}
