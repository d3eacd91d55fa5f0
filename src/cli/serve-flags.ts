/**
 * The flags of `podpreset serve`: its help text, their parsing and the checks that refuse a
 * misconfiguration before anything starts (a UsageError, exit 2). Flags are those of
 * docs/CONVENTIONS.md; what they build is serve.ts's job.
 */
import { DEFAULT_WEBHOOK_NAMESPACE } from '../core/excluded-namespaces.js';
import { DEFAULT_PORT } from '../server/paths.js';
import { parseFlags } from './flags.js';
import { UsageError } from './usage-error.js';
import { asTyped } from './program.js';

export const SERVE_HELP = asTyped(`Usage: podpreset serve [--presets PATH]... [--host H] [--port N]
                       [--cert-dir DIR | --tls-cert FILE --tls-key FILE] [--dns-name NAME]...
                       [--kubeconfig FILE] [--context NAME] [--cert-secret NS/NAME]
                       [--webhook-config NAME]... [--lease NS/NAME] [--narrow-scope] [--log-level LEVEL]

Serves the podpreset admission webhook over HTTPS: POST /mutate, /validate, /preview, /explain;
GET /healthz, /readyz, /metrics.

      --presets PATH        file mode: presets and Namespaces from files or directories, watched
                            for changes. Repeatable. Without it: cluster mode (the Kubernetes API).
      --host H              listen address (default 0.0.0.0)
      --port N              listen port (default ${DEFAULT_PORT}; 0 picks a free one, logged)
      --cert-dir DIR        self-signed CA and serving certificate kept here (ca.crt, ca.key, tls.crt,
                            tls.key);
                            default: a directory under the system temp dir
      --tls-cert FILE       serve this certificate (with --tls-key), reloaded when the files change
      --tls-key FILE
      --dns-name NAME       extra SAN of the self-signed serving certificate. Repeatable.
      --kubeconfig FILE     cluster mode: kubeconfig (else KUBECONFIG, else ~/.kube/config, else
                            in-cluster config)
      --context NAME        cluster mode: the kubeconfig context to use (else its current context)
      --cert-secret NS/NAME cluster mode: CA and serving certificate kept in this Secret
      --webhook-config NAME cluster mode: keep this webhook configuration's caBundle current. Repeatable.
      --lease NS/NAME       cluster mode: Lease electing the replica that writes preset status
      --narrow-scope        cluster mode: the elected replica keeps the mutating webhook of
                            --webhook-config from being called in namespaces where no preset can
                            apply (needs --lease and --webhook-config)
      --log-level LEVEL     trace, debug, info (default), warn, error, fatal or silent

Pods in kube-system, in the webhook's own namespace (POD_NAMESPACE, else ${DEFAULT_WEBHOOK_NAMESPACE}) and
in namespaces labelled podpreset.dev/injection=disabled are never mutated.
`);

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
  readonly context: string | undefined;
  readonly certSecret: NamespacedName | undefined;
  readonly webhookConfigs: readonly string[];
  readonly lease: NamespacedName | undefined;
  readonly narrowScope: boolean;
  readonly logLevel: string;
  /** The namespace the webhook runs in (POD_NAMESPACE): its own Pods are never mutated. */
  readonly webhookNamespace: string;
}

function namespacedName(flag: string, value: string | undefined): NamespacedName | undefined {
  if (value === undefined) return undefined;
  const [namespace, name, ...rest] = value.split('/');
  if (!namespace || !name || rest.length > 0)
    throw new UsageError(`--${flag} must be NAMESPACE/NAME, not ${value}`);
  return { namespace, name };
}

/** parseServeArgs checks the flags of `podpreset serve`; bad usage is a UsageError (exit 2). */
export function parseServeArgs(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): ServeOptions | 'help' {
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
      context: { type: 'string' },
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
    const clusterFlags = [
      'kubeconfig',
      'context',
      'cert-secret',
      'webhook-config',
      'lease',
      'narrow-scope',
    ] as const;
    const given = clusterFlags.filter((flag) => values[flag] !== undefined && values[flag] !== false);
    if (given.length > 0) {
      const flags = given.map((flag) => `--${flag}`);
      const named =
        flags.length === 1
          ? `${flags[0]} belongs`
          : `${flags.slice(0, -1).join(', ')} and ${flags.at(-1)} belong`;
      throw new UsageError(`${named} to cluster mode, which --presets turns off`);
    }
  }
  if (values['narrow-scope'] && (values.lease === undefined || values['webhook-config'] === undefined)) {
    throw new UsageError(
      '--narrow-scope needs --lease NS/NAME (the elected replica writes the scope) and --webhook-config NAME (the MutatingWebhookConfiguration to narrow)',
    );
  }
  if (values['cert-secret'] !== undefined && (values['dns-name'] ?? []).length === 0) {
    throw new UsageError(
      '--cert-secret needs the DNS name the API server calls the webhook by: pass --dns-name, e.g. --dns-name=podpreset-webhook.podpreset-system.svc',
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
    context: values.context,
    certSecret: namespacedName('cert-secret', values['cert-secret']),
    webhookConfigs: values['webhook-config'] ?? [],
    lease: namespacedName('lease', values.lease),
    narrowScope: values['narrow-scope'],
    logLevel: values['log-level'],
    webhookNamespace: env['POD_NAMESPACE'] || DEFAULT_WEBHOOK_NAMESPACE,
  };
}
