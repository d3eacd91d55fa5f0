/**
 * The real app on the real HTTPS listener, on 127.0.0.1 port 0, with a certificate from the
 * project's own CA generator; tests pin that CA. Dependencies are passed in, never mocked.
 */
import type { AdmissionObserver } from '../../src/admission/observer.js';
import type { PresetAdmissionHook } from '../../src/admission/preset-admission.js';
import { PresetCatalog } from '../../src/core/catalog.js';
import { SHIPPED_EXCLUSIONS, type NamespaceExclusions } from '../../src/core/excluded-namespaces.js';
import { StaticPresetSource } from '../../src/presets/static-source.js';
import type { PresetSource } from '../../src/presets/source.js';
import { createApp } from '../../src/server/app.js';
import { startHttpsServer, type RunningServer, type ServerTimeouts } from '../../src/server/https-server.js';
import { QUIET_MS } from '../../src/server/after-answers.js';
import { createMetrics, type Metrics } from '../../src/observability/metrics.js';
import { issueCertificates, type IssuedCertificates } from '../../src/tls/authority.js';
import { LOCAL_NAMES } from '../../src/tls/self-signed.js';
import type { CertificateSource, ServingCertificate } from '../../src/tls/source.js';
import { captureLog, type CapturedLog } from './log-capture.js';
import type { Target } from './https-client.js';

/** A certificate that never changes. */
export class FixedCertificateSource implements CertificateSource {
  constructor(private readonly certificate: ServingCertificate) {}
  async start(): Promise<ServingCertificate> {
    return this.certificate;
  }
  current(): ServingCertificate {
    return this.certificate;
  }
  onChange(): void {}
  async stop(): Promise<void> {}
}

let authority: Promise<IssuedCertificates> | undefined;

/** testCertificate is one CA and serving certificate per test file (generated, never committed). */
export function testCertificate(): Promise<IssuedCertificates> {
  authority ??= issueCertificates({ dnsNames: LOCAL_NAMES, validityDays: 30 });
  return authority;
}

export interface TestServer extends Target {
  readonly running: RunningServer;
  readonly metrics: Metrics;
  readonly log: CapturedLog;
  /** Flip to make /readyz answer "shutting down". */
  shuttingDown: boolean;
  /**
   * settled resolves once the log lines, metrics and observers of the answers received so far
   * have run. They wait for QUIET_MS without an answer (after-answers.ts), on one timer the last
   * answer re-armed; a timer of the same duration armed after it fires after it.
   */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  readonly presets?: PresetSource;
  readonly catalog?: PresetCatalog;
  readonly observers?: readonly AdmissionObserver[];
  readonly exclusions?: NamespaceExclusions;
  readonly presetAdmission?: PresetAdmissionHook;
  /** As cluster mode: /validate warns of overlapping conflicts with the presets held. */
  readonly overlapWarnings?: boolean;
  readonly timeouts?: Partial<ServerTimeouts>;
  readonly certificates?: CertificateSource;
  readonly ca?: string;
  readonly log?: CapturedLog;
  readonly metrics?: Metrics;
}

/** startTestServer serves the app over HTTPS on 127.0.0.1 and a free port. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const issued = await testCertificate();
  const log = options.log ?? captureLog('debug');
  const metrics = options.metrics ?? createMetrics({ defaultMetrics: false });
  const presets = options.presets ?? new StaticPresetSource(options.catalog ?? new PresetCatalog());
  const certificates =
    options.certificates ?? new FixedCertificateSource({ cert: issued.cert, key: issued.key, ca: issued.ca });
  const state = { shuttingDown: false };
  const app = createApp({
    presets,
    logger: log.logger,
    metrics,
    observers: options.observers ?? [],
    exclusions: options.exclusions ?? SHIPPED_EXCLUSIONS,
    ...(options.presetAdmission ? { presetAdmission: options.presetAdmission } : {}),
    ...(options.overlapWarnings ? { overlapWarnings: true } : {}),
    isShuttingDown: () => state.shuttingDown,
  });
  const running = await startHttpsServer({
    app,
    certificates,
    host: '127.0.0.1',
    port: 0,
    logger: log.logger,
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
  });
  return {
    port: running.address.port,
    ca: options.ca ?? issued.ca,
    running,
    metrics,
    log,
    get shuttingDown() {
      return state.shuttingDown;
    },
    set shuttingDown(value: boolean) {
      state.shuttingDown = value;
    },
    settled: () => new Promise((resolve) => setTimeout(resolve, QUIET_MS)),
    close: () => running.close(1000),
  };
}
