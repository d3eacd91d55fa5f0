/**
 * `podpreset rollout`: the plan of which stale workloads to restart (docs/SPEC.md §10), and with
 * --apply the restarts, at most --max-in-flight at a time, with --wait each followed until it has
 * rolled out. The plan is the core's (rolloutPlan); the writes are src/kube's.
 */
import type { WorkloadRef } from '../core/owners.js';
import { rolloutPlan, type PlannedWorkload, type RolloutPlan } from '../core/rollout-plan.js';
import type { KubeObject } from '../core/types.js';
import { readWorkload, restartWorkload } from '../kube/restart-workload.js';
import { formatDuration, runRollout, type WorkloadOutcome } from '../kube/rollout-runner.js';
import { readClusterReport, resolveScope, SCOPE_FLAGS, SCOPE_HELP } from './cluster-scope.js';
import { parseDuration } from './duration.js';
import { parseFlags } from './flags.js';
import { RolloutProgress } from './rollout-progress.js';
import { renderTable, workloadName } from './table.js';
import { UsageError } from './usage-error.js';
import { asTyped, PROGRAM } from './program.js';

export const ROLLOUT_HELP =
  asTyped(`Usage: podpreset rollout [--namespace NS | -A] [-l SELECTOR] [--kubeconfig FILE] [--context NAME]
                         [--apply] [--max-in-flight N] [--wait] [--timeout D] [-o text|json]

Plans (and with --apply performs) a restart of the Deployments, StatefulSets and DaemonSets whose
Pods 'podpreset stale' reports, as 'kubectl rollout restart' does: the pod template annotation
podpreset.dev/restartedAt is set to the current time. Bare Pods, Jobs and CronJobs are listed as
needing a manual step and never touched.

${SCOPE_HELP}
      --apply              restart the planned workloads (without it: print the plan, change nothing)
      --max-in-flight N    restart at most N workloads at a time (default 1)
      --wait               wait for each rollout to finish before starting the next
      --timeout D          with --wait: stop at the first rollout not finished within D (default 5m; 0 = no limit)
  -o, --output FORMAT      text (default) or json

Exit codes: 0 done; 1 a restart failed or a rollout did not finish in time; 2 bad usage or an
unreadable cluster.
`);

export interface RolloutIO {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** How often a rollout is checked with --wait (tests shorten it). */
  readonly pollMs?: number;
  readonly now?: () => number;
}

const OUTPUTS = ['text', 'json'] as const;
const DEFAULT_TIMEOUT = '5m';
const DEFAULT_POLL_MS = 1000;

interface Done extends PlannedWorkload, WorkloadOutcome {}

/** The `-o json` document: the plan, and with --apply what became of each restart. */
export function renderRolloutJson(plan: RolloutPlan, done: readonly Done[] | undefined): string {
  const restart = done ?? plan.restart;
  return `${JSON.stringify({ restart, manual: plan.manual }, null, 2)}\n`;
}

/** The text: one table, the restarts first (their result with --apply), then the manual steps. */
export function renderRolloutText(plan: RolloutPlan, done: readonly Done[] | undefined): string {
  const row = (w: PlannedWorkload, action: string, reason = w.reason): string[] => [
    workloadName(w.kind, w.name),
    w.namespace,
    action,
    reason,
  ];
  const rows = [
    ...(done
      ? done.map((w) => row(w, w.result, w.message ? `${w.reason}; ${w.message}` : w.reason))
      : plan.restart.map((w) => row(w, 'restart'))),
    ...plan.manual.map((w) => row(w, 'manual')),
  ];
  let text = renderTable(['WORKLOAD', 'NAMESPACE', 'ACTION', 'REASON'], rows);
  if (!done && plan.restart.length > 0) {
    const count = plan.restart.length;
    text += `\nNothing was changed. Run with --apply to restart ${count} workload${count === 1 ? '' : 's'}.\n`;
  }
  return text;
}

function parseOptions(args: readonly string[]) {
  const values = parseFlags(
    args,
    {
      ...SCOPE_FLAGS,
      apply: { type: 'boolean', default: false },
      'max-in-flight': { type: 'string', default: '1' },
      wait: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      output: { type: 'string', short: 'o', default: 'text' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    ROLLOUT_HELP,
  );
  const maxInFlight = Number(values['max-in-flight']);
  if (!Number.isInteger(maxInFlight) || maxInFlight < 1)
    throw new UsageError(
      `--max-in-flight must be a whole number of at least 1, not ${JSON.stringify(values['max-in-flight'])}`,
    );
  if (values.timeout !== undefined && !values.wait) throw new UsageError('--timeout needs --wait');
  if (!OUTPUTS.includes(values.output as (typeof OUTPUTS)[number]))
    throw new UsageError(
      `--output must be one of ${OUTPUTS.join(', ')}, not ${JSON.stringify(values.output)}`,
    );
  const timeoutMs = parseDuration('--timeout', values.timeout ?? DEFAULT_TIMEOUT);
  return { values, maxInFlight, timeoutMs };
}

/** runRolloutCommand runs `podpreset rollout ARGS` and resolves with the exit code. */
export async function runRolloutCommand(args: readonly string[], io: RolloutIO): Promise<number> {
  const { values, maxInFlight, timeoutMs } = parseOptions(args);
  if (values.help) {
    io.stdout.write(ROLLOUT_HELP);
    return 0;
  }
  const cluster = resolveScope(values, ROLLOUT_HELP);
  const { report, workloads } = await readClusterReport(cluster, true, io.stderr);
  const listed = new Map<string, KubeObject>();
  const key = (kind: string, namespace: string, name: string): string => `${kind}/${namespace}/${name}`;
  for (const w of workloads as KubeObject[])
    listed.set(key(String(w.kind), w.metadata?.namespace ?? '', w.metadata?.name ?? ''), w);
  const plan = rolloutPlan(report, (ref) => listed.get(key(ref.kind, ref.namespace, ref.name)));

  let done: Done[] | undefined;
  if (values.apply && plan.restart.length > 0) {
    const now = io.now ?? Date.now;
    const progress = new RolloutProgress(io.stderr);
    const outcomes = await runRollout(plan.restart, {
      maxInFlight,
      wait: values.wait,
      timeoutMs,
      pollMs: io.pollMs ?? DEFAULT_POLL_MS,
      restart: (ref: WorkloadRef) => restartWorkload(cluster.kc, ref, now()),
      read: (ref: WorkloadRef) => readWorkload(cluster.kc, ref),
      now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      onPhase: progress.update,
    });
    done = plan.restart.map((w, i) => ({ ...w, ...outcomes[i]! }));
  }

  if (values.output === 'json') io.stdout.write(renderRolloutJson(plan, done));
  else if (plan.restart.length + plan.manual.length > 0) io.stdout.write(renderRolloutText(plan, done));
  else {
    const where = cluster.scope.namespace === undefined ? '' : ` in namespace ${cluster.scope.namespace}`;
    io.stderr.write(`No stale workloads found${where}.\n`);
  }

  const stopped = done?.find((w) => w.result === 'failed' || w.result === 'timed-out');
  if (!stopped) return 0;
  const what = `${workloadName(stopped.kind, stopped.name)} in namespace ${stopped.namespace}`;
  const limit = Number.isFinite(timeoutMs) ? ` (--timeout ${formatDuration(timeoutMs)})` : '';
  io.stderr.write(
    `${PROGRAM}: rollout stopped at ${what}: ${stopped.message ?? stopped.result}${stopped.result === 'timed-out' ? limit : ''}\n`,
  );
  return 1;
}
