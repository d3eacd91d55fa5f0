/**
 * Runs a rollout plan: restarts at most `maxInFlight` workloads at a time and, with `wait`, starts
 * the next only when one has finished rolling out (rolloutStatus). The first that fails, or does
 * not finish within `timeoutMs` of its restart, stops the run: nothing new is started, the ones in
 * flight are still followed to their end. The API calls come in as functions, so this is tested
 * with a clock and no cluster.
 */
import type { WorkloadRef } from '../core/owners.js';
import { rolloutStatus } from '../core/rollout-status.js';
import type { KubeObject } from '../core/types.js';
import { describeKubeError } from './client.js';

export type RolloutResult = 'restarted' | 'done' | 'timed-out' | 'failed' | 'not-started';
/** What a terminal shows per workload while the run goes on. */
export type RolloutPhase = 'waiting' | 'rolling' | RolloutResult;

export interface WorkloadOutcome {
  readonly result: RolloutResult;
  /** Why it failed or timed out, or the last status seen. */
  readonly message?: string;
}

export interface RolloutRunnerOptions {
  readonly maxInFlight: number;
  readonly wait: boolean;
  readonly timeoutMs: number;
  readonly pollMs: number;
  readonly restart: (ref: WorkloadRef) => Promise<KubeObject>;
  readonly read: (ref: WorkloadRef) => Promise<KubeObject>;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly onPhase?: (ref: WorkloadRef, phase: RolloutPhase, message?: string) => void;
}

/** formatDuration prints milliseconds as Go's time.Duration does for whole seconds: `5m0s`, `90s` → `1m30s`. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

async function follow(
  ref: WorkloadRef,
  options: RolloutRunnerOptions,
  restarted: KubeObject,
): Promise<WorkloadOutcome> {
  const deadline = options.now() + options.timeoutMs;
  let object = restarted;
  for (;;) {
    const status = rolloutStatus(object);
    if (status.state === 'done') return { result: 'done' };
    if (status.state === 'failed') return { result: 'failed', message: status.message };
    options.onPhase?.(ref, 'rolling', status.message);
    if (options.now() >= deadline) {
      return {
        result: 'timed-out',
        message: `did not finish rolling out within ${formatDuration(options.timeoutMs)}: ${status.message}`,
      };
    }
    await options.sleep(Math.min(options.pollMs, Math.max(0, deadline - options.now())));
    object = await options.read(ref);
  }
}

async function rollOne(ref: WorkloadRef, options: RolloutRunnerOptions): Promise<WorkloadOutcome> {
  options.onPhase?.(ref, 'rolling');
  try {
    const restarted = await options.restart(ref);
    if (!options.wait) return { result: 'restarted' };
    return await follow(ref, options, restarted);
  } catch (error) {
    return { result: 'failed', message: describeKubeError(error) };
  }
}

/** runRollout restarts `restart` in order and resolves with each workload's outcome, in the same order. */
export async function runRollout(
  restart: readonly WorkloadRef[],
  options: RolloutRunnerOptions,
): Promise<WorkloadOutcome[]> {
  const outcomes: WorkloadOutcome[] = restart.map(() => ({ result: 'not-started' }));
  for (const ref of restart) options.onPhase?.(ref, 'waiting');
  let next = 0;
  let stopped = false;
  const worker = async (): Promise<void> => {
    while (!stopped && next < restart.length) {
      const index = next++;
      const ref = restart[index]!;
      const outcome = await rollOne(ref, options);
      outcomes[index] = outcome;
      options.onPhase?.(ref, outcome.result, outcome.message);
      if (outcome.result === 'failed' || outcome.result === 'timed-out') stopped = true;
    }
  };
  const workers = Math.max(1, Math.min(options.maxInFlight, restart.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return outcomes;
}
