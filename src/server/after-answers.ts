/**
 * What follows an admission answer (its log line, metrics, observers) runs once every answer of
 * the current turn of the event loop is written, not between them. The API server sends the
 * reviews of a ReplicaSet scaling up at once, one per pooled connection, and Node reads all that
 * have arrived in one turn: with the bookkeeping in between, the thirteenth answer waited for
 * twelve log lines (README, Performance).
 *
 * The queue holds each answer's `after` and its duration, nothing of the request around it, so
 * a scavenge that falls inside a burst has little more to copy: `after` should close over the
 * few values it logs, not the review.
 */

/** Work after one answer, given the time from the request's arrival to its answer. */
export type After = (durationMs: number) => void;

/** AfterAnswers queues `after` for the end of the current turn; queued work runs in order. */
export type AfterAnswers = (after: After, durationMs: number) => void;

/** afterAnswers gives a queue that runs its work in one `setImmediate`; `failed` hears what throws. */
export function afterAnswers(failed: (error: unknown) => void): AfterAnswers {
  let work: After[] = [];
  let durations: number[] = [];
  const run = (): void => {
    const due = work;
    const dueDurations = durations;
    work = [];
    durations = [];
    for (let i = 0; i < due.length; i++) {
      try {
        due[i]!(dueDurations[i]!);
      } catch (error) {
        failed(error);
      }
    }
  };
  return (after, durationMs) => {
    durations.push(durationMs);
    if (work.push(after) === 1) setImmediate(run);
  };
}
