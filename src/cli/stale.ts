/**
 * `podpreset stale`: which running Pods are not what the webhook would make of them today, grouped
 * by workload (docs/SPEC.md §10). Reads the cluster; the decision is the core's (podStaleness).
 */
import { stalePodCount, type StaleWorkload } from '../core/stale-report.js';
import { readClusterReport, resolveScope, SCOPE_FLAGS, SCOPE_HELP } from './cluster-scope.js';
import { parseFlags } from './flags.js';
import { renderTable, workloadName } from './table.js';
import { UsageError } from './usage-error.js';
import { asTyped } from './program.js';

export const STALE_HELP =
  asTyped(`Usage: podpreset stale [--namespace NS | -A] [-l SELECTOR] [--kubeconfig FILE] [--context NAME]
                       [-o text|json] [--fail-on-stale]

Lists the workloads whose running Pods are not what the presets would make of them today:
  outdated  the Pod carries the preset's annotation, but the preset would inject more now
  missing   a preset matches the Pod but was never applied to it
  removed   the Pod carries the annotation of a preset that is gone or no longer matches
  conflict  today's presets conflict with the Pod

${SCOPE_HELP}
  -o, --output FORMAT      text (default, a table) or json
      --fail-on-stale      exit 1 when anything is stale

Exit codes: 0 done; 1 something is stale with --fail-on-stale; 2 bad usage or an unreadable cluster.
`);

export interface StaleIO {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

const OUTPUTS = ['text', 'json'] as const;

/** renderStaleJson prints exactly the document of docs/SPEC.md §10. */
export function renderStaleJson(report: readonly StaleWorkload[]): string {
  const workloads = report.map(({ kind, namespace, name, pods, stale }) => ({
    kind,
    namespace,
    name,
    pods,
    stale: stale.map(({ pod, reason, preset }) => ({ pod, reason, preset })),
  }));
  return `${JSON.stringify({ workloads }, null, 2)}\n`;
}

/** reasonsOf lists a workload's distinct findings: `outdated PodPreset/db, missing ClusterPodPreset/proxy`. */
const reasonsOf = (workload: StaleWorkload): string =>
  [...new Set(workload.stale.map((s) => `${s.reason} ${s.preset}`))].join(', ');

/** renderStaleText prints the table (with NAMESPACE for -A, as kubectl) and, below it, every conflict. */
export function renderStaleText(report: readonly StaleWorkload[], allNamespaces: boolean): string {
  const headers = [...(allNamespaces ? ['NAMESPACE'] : []), 'WORKLOAD', 'PODS', 'STALE', 'REASONS'];
  const rows = report.map((w) => [
    ...(allNamespaces ? [w.namespace] : []),
    workloadName(w.kind, w.name),
    String(w.pods),
    String(stalePodCount(w)),
    reasonsOf(w),
  ]);
  let text = renderTable(headers, rows);
  const conflicts = report.flatMap((w) =>
    w.stale.filter((s) => s.reason === 'conflict').map((s) => `  ${w.namespace}/${s.pod}: ${s.message}\n`),
  );
  if (conflicts.length > 0) text += `\nConflicts:\n${conflicts.join('')}`;
  return text;
}

/** runStale runs `podpreset stale ARGS` and resolves with the exit code. */
export async function runStale(args: readonly string[], io: StaleIO): Promise<number> {
  const values = parseFlags(
    args,
    {
      ...SCOPE_FLAGS,
      output: { type: 'string', short: 'o', default: 'text' },
      'fail-on-stale': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    STALE_HELP,
  );
  if (values.help) {
    io.stdout.write(STALE_HELP);
    return 0;
  }
  if (!OUTPUTS.includes(values.output as (typeof OUTPUTS)[number]))
    throw new UsageError(
      `--output must be one of ${OUTPUTS.join(', ')}, not ${JSON.stringify(values.output)}`,
    );
  const cluster = resolveScope(values, STALE_HELP);
  const { report } = await readClusterReport(cluster, false, io.stderr);

  if (values.output === 'json') io.stdout.write(renderStaleJson(report));
  else if (report.length > 0) io.stdout.write(renderStaleText(report, cluster.scope.namespace === undefined));
  else {
    const where = cluster.scope.namespace === undefined ? '' : ` in namespace ${cluster.scope.namespace}`;
    io.stderr.write(`No stale Pods found${where}.\n`);
  }
  return values['fail-on-stale'] && report.length > 0 ? 1 : 0;
}
