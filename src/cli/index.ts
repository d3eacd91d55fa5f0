#!/usr/bin/env node
/**
 * The `podpreset` command. Each subcommand is imported when used, so `preview` does not load the
 * HTTPS server and `serve` does not load the diff printer. Exit codes (PRODUCT §4, §10): 0 done,
 * 1 conflicts with --fail-on-conflict (stale Pods with --fail-on-stale, a rollout that stopped),
 * 2 bad input or usage; an unexpected error exits 1 with a message, never a stack trace.
 */
import { basename } from 'node:path';
import { UsageError } from './usage-error.js';

// Installed as `kubectl-podpreset` too, kubectl runs this as `kubectl podpreset …`: say so in the help.
const PROGRAM = basename(process.argv[1] ?? '').startsWith('kubectl-') ? 'kubectl podpreset' : 'podpreset';

const HELP = `podpreset: PodPresets for Kubernetes

Usage:
  ${PROGRAM} preview -f FILE... [--presets PATH]... [--namespace NS] [-o diff|yaml|json|patch] [--fail-on-conflict]
  ${PROGRAM} explain (-f FILE... | KIND/NAME) [--presets PATH]... [--namespace NS] [-o text|json]
  ${PROGRAM} lint [--presets PATH]... [-o text|json] [--fail-on error|warning]
  ${PROGRAM} serve [--presets PATH]... [--port 8443] [--cert-dir DIR | --tls-cert FILE --tls-key FILE] [...]
  ${PROGRAM} stale [--namespace NS | -A] [-l SELECTOR] [-o text|json] [--fail-on-stale]
  ${PROGRAM} rollout [--namespace NS | -A] [-l SELECTOR] [--apply] [--max-in-flight N] [--wait] [--timeout D]

Run '${PROGRAM} COMMAND --help' for a command's options.
`;

/** Presets from the cluster, for commands run without --presets (client-node loads only then). */
const readCluster = async (kubeconfig: string | undefined) =>
  (await import('../kube/read-cluster.js')).readClusterPresets(kubeconfig);
/** `explain KIND/NAME`: live objects from the cluster. */
const readLive = async (
  refs: readonly string[],
  kubeconfig: string | undefined,
  namespace: string | undefined,
) => (await import('../kube/read-object.js')).readLive(refs, kubeconfig, namespace);
const stdio = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, readCluster };

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'preview':
      return (await import('./preview.js')).runPreview(args, stdio);
    case 'explain':
      return (await import('./explain.js')).runExplain(args, { ...stdio, readLive });
    case 'lint':
      return (await import('./lint.js')).runLint(args, stdio);
    case 'serve': {
      const { runServe } = await import('./serve.js');
      return runServe(args);
    }
    case 'stale': {
      const { runStale } = await import('./stale.js');
      return runStale(args, { stdout: process.stdout, stderr: process.stderr });
    }
    case 'rollout': {
      const { runRolloutCommand } = await import('./rollout.js');
      return runRolloutCommand(args, { stdout: process.stdout, stderr: process.stderr });
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(HELP);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}\n\n${HELP}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage = error instanceof UsageError;
    process.stderr.write(`podpreset: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = usage ? 2 : 1;
  },
);
