#!/usr/bin/env node
/**
 * The `podpreset` command. Each subcommand is imported when used, so `preview` does not load the
 * HTTPS server and `serve` does not load the diff printer. Exit codes (docs/SPEC.md §4, §10): 0 done,
 * 1 conflicts with --fail-on-conflict (stale Pods with --fail-on-stale, a rollout that stopped),
 * 2 bad input or usage; an unexpected error exits 1 with a message, never a stack trace.
 */
import { packageVersion } from '../observability/build-info.js';
import { didYouMean } from './did-you-mean.js';
import type { ClusterReader } from './inputs.js';
import { asTyped, PROGRAM } from './program.js';
import { UsageError } from './usage-error.js';

/**
 * A subcommand: its help text (whose Usage lines the top-level help lists, so every flag is
 * there) and how it runs. A new command is one more entry.
 */
interface Command {
  readonly name: string;
  readonly help: () => Promise<string>;
  readonly run: (args: readonly string[]) => Promise<number>;
}

const VERSION_HELP = asTyped(`Usage: podpreset version

Prints podpreset's version (also: 'podpreset --version').
`);

/** Presets from the cluster, for commands run without --presets (client-node loads only then). */
const readCluster: ClusterReader = async (target) =>
  (await import('../kube/read-cluster.js')).readClusterPresets(target);
/** `explain KIND/NAME`: live objects from the cluster. */
const readLive = async (
  refs: readonly string[],
  kubeconfig: string | undefined,
  namespace: string | undefined,
  context?: string,
) => (await import('../kube/read-object.js')).readLive(refs, kubeconfig, namespace, context);
const stdio = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, readCluster };

const COMMANDS: readonly Command[] = [
  {
    name: 'preview',
    help: async () => (await import('./preview.js')).PREVIEW_HELP,
    run: async (args) => (await import('./preview.js')).runPreview(args, stdio),
  },
  {
    name: 'explain',
    help: async () => (await import('./explain.js')).EXPLAIN_HELP,
    run: async (args) => (await import('./explain.js')).runExplain(args, { ...stdio, readLive }),
  },
  {
    name: 'lint',
    help: async () => (await import('./lint.js')).LINT_HELP,
    run: async (args) => (await import('./lint.js')).runLint(args, stdio),
  },
  {
    name: 'serve',
    help: async () => (await import('./serve-flags.js')).SERVE_HELP,
    run: async (args) => (await import('./serve.js')).runServe(args),
  },
  {
    name: 'stale',
    help: async () => (await import('./stale.js')).STALE_HELP,
    run: async (args) => (await import('./stale.js')).runStale(args, stdio),
  },
  {
    name: 'rollout',
    help: async () => (await import('./rollout.js')).ROLLOUT_HELP,
    run: async (args) => (await import('./rollout.js')).runRolloutCommand(args, stdio),
  },
  {
    name: 'version',
    help: () => Promise.resolve(VERSION_HELP),
    run: (args) => {
      if (args.length === 1 && ['--help', '-h'].includes(args[0]!)) {
        process.stdout.write(VERSION_HELP);
        return Promise.resolve(0);
      }
      if (args.length > 0) throw new UsageError(`version takes no arguments\n\n${VERSION_HELP}`);
      process.stdout.write(`podpreset ${packageVersion()} (Node.js ${process.version})\n`);
      return Promise.resolve(0);
    },
  },
];

/** usageOf takes the Usage lines of a command's help (up to the first blank line), indented by two. */
const usageOf = (help: string): string => {
  const start = help.indexOf('Usage: ');
  return help
    .slice(start, help.indexOf('\n\n', start))
    .split('\n')
    .map((line) => `  ${line.slice('Usage: '.length)}`) // continuation lines are aligned under it
    .join('\n');
};

async function topLevelHelp(): Promise<string> {
  const usages = await Promise.all(COMMANDS.map(async (command) => usageOf(await command.help())));
  return `podpreset: PodPresets for Kubernetes

Usage:
${usages.join('\n')}

Run '${PROGRAM} COMMAND --help' for a command's options.
`;
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = COMMANDS.find((c) => c.name === name);
  if (command) return command.run(args);
  if (name === '--version') return main(['version', ...args]);
  if (name === undefined || ['help', '--help', '-h'].includes(name)) {
    process.stdout.write(await topLevelHelp());
    return name === undefined ? 2 : 0;
  }
  const hint = didYouMean(name, [...COMMANDS.map((c) => c.name), '--help', '--version']);
  throw new UsageError(`unknown command ${JSON.stringify(name)}${hint}\n\n${await topLevelHelp()}`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage = error instanceof UsageError;
    process.stderr.write(`${PROGRAM}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = usage ? 2 : 1;
  },
);
