/**
 * `podpreset serve`: the composition root of the webhook. Flags → logger, metrics, certificate
 * source, preset source → express app → HTTPS server; SIGTERM/SIGINT → not ready, requests in
 * flight finish, resolve with exit code 0. The flags themselves are serve-flags.ts.
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AdmissionObserver } from '../admission/observer.js';
import { namespaceExclusions } from '../core/excluded-namespaces.js';
import type { PresetAdmissionHook } from '../admission/preset-admission.js';
import { createLogger, type Logger } from '../observability/logger.js';
import { FilePresetSource } from '../presets/file-source.js';
import type { PresetSource } from '../presets/source.js';
import { createApp } from '../server/app.js';
import { idleScavenger, scavengeWhenIdle } from '../server/idle-scavenge.js';
import { startHttpsServer, type RunningServer, type ServerTimeouts } from '../server/https-server.js';
import { createMetrics, type Metrics } from '../observability/metrics.js';
import { MUTATE_PATH, PREVIEW_PATH } from '../server/paths.js';
import { CERT_DIR_FILES, CertDirSource } from '../tls/cert-dir-source.js';
import { CertificatePairError, FileCertificateSource } from '../tls/file-source.js';
import type { CertificateSource } from '../tls/source.js';
import { requirePresetPaths } from './inputs.js';
import { parseServeArgs, SERVE_HELP, type ServeOptions } from './serve-flags.js';
import { UsageError } from './usage-error.js';

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
  /** Cluster mode: the presets are the cluster's, so /validate warns of overlapping conflicts with them. */
  readonly overlapWarnings?: boolean;
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
  // A mistyped path at startup is a usage error; a path that goes away later only empties it.
  await requirePresetPaths(options.presets);
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

/** A --tls-cert/--tls-key pair that does not load is a misconfiguration: exit 2, with what to pass. */
function refuseCertificate(error: unknown): never {
  throw error instanceof CertificatePairError
    ? new UsageError(`--tls-cert/--tls-key: ${error.message}: pass a PEM certificate and its private key`)
    : error;
}

/** An address this process cannot listen on is a misconfiguration too: exit 2, with what to pass. */
function refuseListen(error: unknown, host: string, port: number): never {
  const cannot = `cannot listen on ${host}:${port}`;
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      throw new UsageError(`${cannot}: the address is in use; pass another --port`);
    case 'EACCES':
      throw new UsageError(
        `${cannot}: permission denied (ports below 1024 need privileges); pass another --port`,
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      throw new UsageError(
        `${cannot}: no such address on this machine; pass --host with one of its addresses (0.0.0.0 for all)`,
      );
    default:
      throw error;
  }
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
    const { KubeConfigError } = await import('../kube/client.js');
    // No usable kubeconfig is a misconfiguration: exit 2 with what to pass, before anything starts.
    const refuse = (error: unknown): never => {
      throw error instanceof KubeConfigError ? new UsageError(error.message) : error;
    };
    const cluster = await startClusterMode({
      ...(options.kubeconfig === undefined ? {} : { kubeconfig: options.kubeconfig }),
      ...(options.context === undefined ? {} : { context: options.context }),
      ...(options.certSecret ? { certSecret: options.certSecret } : {}),
      webhookConfigs: [...options.webhookConfigs],
      ...(options.lease ? { lease: options.lease } : {}),
      narrowScope: options.narrowScope,
      dnsNames: [...options.dnsNames],
      logger,
      metrics,
    }).catch(refuse);
    return serveBundle(options, { ...cluster, overlapWarnings: true }, { ...env, logger, metrics });
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
  // Handlers first: a signal in any phase (waiting for a certificate, for the first sync, or
  // serving) stops at once, so a Pod never sits out its grace period.
  let signalled: (signal: string) => void = () => {};
  const stopping = new Promise<string>((resolve) => (signalled = resolve));
  const onSignal = (signal: NodeJS.Signals): void => signalled(signal);
  signals.once('SIGTERM', onSignal);
  signals.once('SIGINT', onSignal);
  /** untilSignal waits for `work`; it resolves with the signal instead when one comes first. */
  const untilSignal = (work: Promise<unknown>): Promise<string | undefined> =>
    Promise.race([work.then(() => undefined), stopping]);

  const certificates = chooseCertificates(options, bundle, logger, metrics);
  let shuttingDown = false;
  let server: RunningServer | undefined;
  try {
    let signal = await untilSignal(certificates.source.start().catch(refuseCertificate));
    if (signal === undefined) {
      // Scavenges wait for a pause between bursts when node runs with --expose-gc (the image does).
      const app = scavengeWhenIdle(
        createApp({
          presets: bundle.presets,
          logger,
          metrics,
          observers: bundle.observers,
          exclusions: namespaceExclusions(options.webhookNamespace),
          ...(bundle.presetAdmission ? { presetAdmission: bundle.presetAdmission } : {}),
          ...(bundle.overlapWarnings ? { overlapWarnings: true } : {}),
          isShuttingDown: () => shuttingDown,
        }),
        idleScavenger(),
      );
      server = await startHttpsServer({
        app,
        certificates: certificates.source,
        host: options.host,
        port: options.port,
        logger,
        ...(env.timeouts ? { timeouts: env.timeouts } : {}),
      }).catch((error: unknown) => refuseListen(error, options.host, options.port));
      const { address, port } = server.address;
      const shownHost = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(address) ? 'localhost' : address;
      const url = `https://${shownHost}:${port}`;
      logger.info({ address, port, url }, 'listening');
      logger.flush(); // lifecycle lines go out at once; only the per-request lines wait for a batch

      signal = await untilSignal(bundle.presets.start());
      if (signal === undefined) {
        logger.info({ ...(certificates.caFile ? tryIt(url, certificates.caFile) : { url }) }, 'ready');
        logger.flush();
        signal = await stopping;
      }
    }
    shuttingDown = true;
    logger.info({ signal }, 'shutting down: not ready, finishing requests in flight');
    logger.flush();
  } finally {
    signals.off('SIGTERM', onSignal);
    signals.off('SIGINT', onSignal);
    shuttingDown = true;
    await server?.close();
    await Promise.all([bundle.presets.stop(), certificates.source.stop(), bundle.stop()]);
  }
  logger.info('stopped');
  return 0;
}
