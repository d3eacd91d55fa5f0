/**
 * When to retry something that failed against the API server: capped exponential backoff, as
 * client-go's informers and controllers do. Pure: the caller owns the timer.
 */

/** backoffDelay is `initialMs` doubled per attempt (attempt 0 waits `initialMs`), never above `maxMs`. */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
}

/**
 * RestartBackoff decides the restarts of one long-running watch: a failure schedules one restart
 * (further failures while it is pending only wait for it), each consecutive failure waits twice as
 * long, and a successful sync starts the count again.
 */
export class RestartBackoff {
  /** Failures since the last sync. */
  failures = 0;
  private pending = false;

  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
  ) {}

  /** failed returns the delay before the restart to schedule, or undefined when one is already pending. */
  failed(): number | undefined {
    if (this.pending) return undefined;
    this.pending = true;
    const delayMs = backoffDelay(this.failures, this.initialMs, this.maxMs);
    this.failures += 1;
    return delayMs;
  }

  /** restarting is called when the scheduled restart begins: the next failure schedules another. */
  restarting(): void {
    this.pending = false;
  }

  /** synced is called after a successful (re)start. */
  synced(): void {
    this.failures = 0;
  }
}
