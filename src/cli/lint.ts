/**
 * `podpreset lint`: invalid presets, overlapping conflicts and presets that match everything,
 * found before any Pod is created, in files (--presets) or in the cluster. The analysis is
 * lintPresets() in src/core; this file reads inputs, prints and picks the exit code.
 */
import {
  failing,
  invalidFindings,
  lintPresets,
  SEVERITIES,
  type Finding,
  type Severity,
} from '../core/lint.js';
import { parseFlags } from './flags.js';
import { readPresets, type ClusterReader } from './inputs.js';
import { UsageError } from './usage-error.js';
import { asTyped } from './program.js';

export const LINT_HELP =
  asTyped(`Usage: podpreset lint [--presets PATH]... [--kubeconfig FILE] [--context NAME]
                      [--namespace NS] [-o text|json] [--fail-on error|warning]

Checks PodPresets and ClusterPodPresets before any Pod meets them:
  error    invalid               a preset /validate would refuse (file or object, and the field)
  warning  overlapping-conflict  two presets that can select the same Pod carry conflicting items:
                                 such Pods get no preset at all (with an example label set)
  warning  matches-everything    a ClusterPodPreset with an empty selector and no namespaceSelector

      --presets PATH    file or directory (recursive) of PodPresets, ClusterPodPresets and Namespaces
                        (their labels decide which namespaces a namespaceSelector matches).
                        Repeatable. Without it, the presets of the current kubeconfig context.
      --kubeconfig FILE the kubeconfig to read presets with
      --context NAME    the kubeconfig context to read presets with (default: the current context)
  -n, --namespace NS    namespace of PodPresets in files that name none; default "default"
  -o, --output FORMAT   text (default) or json (one document)
      --fail-on LEVEL   error (default) or warning: the lowest severity that makes lint exit 1

Exit codes: 0 nothing at or above --fail-on; 1 a finding at or above it; 2 bad usage or unreadable cluster.
`);

const FORMATS = ['text', 'json'] as const;

export interface LintIO {
  readonly stdout: NodeJS.WritableStream;
  readonly readCluster?: ClusterReader;
}

function parseOptions(args: readonly string[]) {
  const values = parseFlags(
    args,
    {
      presets: { type: 'string', multiple: true },
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
      namespace: { type: 'string', short: 'n' },
      output: { type: 'string', short: 'o', default: 'text' },
      'fail-on': { type: 'string', default: 'error' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    LINT_HELP,
  );
  if (!FORMATS.includes(values.output as (typeof FORMATS)[number]))
    throw new UsageError(
      `--output must be one of ${FORMATS.join(', ')}, not ${JSON.stringify(values.output)}`,
    );
  if (!SEVERITIES.includes(values['fail-on'] as Severity))
    throw new UsageError(`--fail-on must be one of error, warning, not ${JSON.stringify(values['fail-on'])}`);
  return { ...values, failOn: values['fail-on'] as Severity };
}

function renderText(findings: readonly Finding[], presetCount: number): string {
  if (findings.length === 0)
    return `no findings in ${presetCount} valid preset${presetCount === 1 ? '' : 's'}\n`;
  const width = Math.max(...findings.map((f) => f.kind.length));
  const lines = findings.map(
    (f) => `${f.severity.toUpperCase().padEnd(8)} ${f.kind.padEnd(width)}  ${f.message}`,
  );
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  lines.push(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  return `${lines.join('\n')}\n`;
}

/** runLint runs `podpreset lint ARGS` and resolves with the exit code. */
export async function runLint(args: readonly string[], io: LintIO): Promise<number> {
  const options = parseOptions(args);
  if (options.help) {
    io.stdout.write(LINT_HELP);
    return 0;
  }
  const inputs = await readPresets({
    presetPaths: options.presets ?? [],
    kubeconfig: options.kubeconfig,
    context: options.context,
    namespace: options.namespace,
    readCluster: io.readCluster,
    command: 'lint',
  });
  const findings = [
    ...invalidFindings(inputs.unreadable),
    ...lintPresets(inputs.presets.presets, inputs.presets.invalid, inputs.catalog),
  ];
  io.stdout.write(
    options.output === 'json'
      ? `${JSON.stringify({ findings }, null, 2)}\n`
      : renderText(findings, inputs.presets.presets.length),
  );
  return findings.some((finding) => failing(finding, options.failOn)) ? 1 : 0;
}
