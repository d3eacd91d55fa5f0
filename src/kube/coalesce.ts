/**
 * Coalescing runner for reconcile passes: at most one pass runs at a time, and any number of
 * triggers while one runs cause exactly one more pass after it (so the last change is never
 * missed and a burst never queues a pass per event).
 */
export class CoalescedRunner {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(private readonly pass: () => Promise<void>) {}

  /** trigger starts a pass now, or right after the one running. */
  trigger(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.trigger();
      }
    });
  }

  /** stop prevents further passes and waits for the one running. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.again = false;
    await this.running;
  }
}
