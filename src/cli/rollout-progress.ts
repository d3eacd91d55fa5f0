/**
 * Rollout progress on a terminal: one line per workload (waiting, rolling, done, timed out, …),
 * rewritten in place as each changes. Not on a terminal, nothing is drawn: the final table says
 * what happened, and a log file gets no cursor codes.
 */
import type { WorkloadRef } from '../core/owners.js';
import type { RolloutPhase } from '../kube/rollout-runner.js';
import { workloadName } from './table.js';

const PHASE_TEXT: Readonly<Record<RolloutPhase, string>> = {
  waiting: 'waiting',
  rolling: 'rolling',
  restarted: 'restarted',
  done: 'done',
  'timed-out': 'timed out',
  failed: 'failed',
  'not-started': 'not started',
};

const CURSOR_UP = (lines: number): string => `\u001b[${lines}A`;
const CLEAR_LINE = '\u001b[2K';

export class RolloutProgress {
  private readonly lines = new Map<string, string>();
  private drawn = 0;

  constructor(private readonly terminal: NodeJS.WritableStream & { isTTY?: boolean }) {}

  /** update records a workload's phase and redraws the block. */
  readonly update = (ref: WorkloadRef, phase: RolloutPhase, message?: string): void => {
    if (this.terminal.isTTY !== true) return;
    const name = `${workloadName(ref.kind, ref.name)} (${ref.namespace})`;
    this.lines.set(name, `${name}: ${PHASE_TEXT[phase]}${message ? ` (${message})` : ''}`);
    let text = this.drawn > 0 ? CURSOR_UP(this.drawn) : '';
    for (const line of this.lines.values()) text += `${CLEAR_LINE}\r${line}\n`;
    this.drawn = this.lines.size;
    this.terminal.write(text);
  };
}
