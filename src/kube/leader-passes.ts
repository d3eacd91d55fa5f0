/**
 * LeaderPasses schedules the passes of a reconciler that only the Lease holder runs (preset
 * status, the webhook's narrowed scope): one at once on becoming leader, one after events
 * (debounced, so a burst costs one pass), one periodically while leading (to retry failed writes
 * and undo what others reset), coalesced so that passes never overlap, and none after stop.
 */
import { CoalescedRunner } from './coalesce.js';

export class LeaderPasses {
  private leading = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private resync: NodeJS.Timeout | undefined;
  private readonly runner: CoalescedRunner;

  constructor(
    pass: () => Promise<void>,
    private readonly resyncMs: number,
    /** Called on becoming leader, before the first pass (forget what another leader may have changed). */
    private readonly onLead: () => void = () => {},
  ) {
    this.runner = new CoalescedRunner(pass);
  }

  /** isLeading is false once stopped: a pass checks it between writes. */
  get isLeading(): boolean {
    return this.leading && !this.stopped;
  }

  /** setLeader turns the passes on (with one at once) or off. */
  setLeader(leading: boolean): void {
    this.leading = leading;
    clearInterval(this.resync);
    if (!leading) return;
    this.onLead();
    this.schedule(0);
    this.resync = setInterval(() => this.schedule(0), this.resyncMs);
  }

  /** schedule runs a pass after `delayMs` while leading; a pass already scheduled absorbs this one. */
  schedule(delayMs: number): void {
    if (!this.leading || this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.runner.trigger();
    }, delayMs);
  }

  /** stop ends scheduling and waits for the pass running. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.leading = false;
    clearTimeout(this.timer);
    clearInterval(this.resync);
    await this.runner.stop();
  }
}
