/**
 * What follows an admission answer (its log line, metrics, observers) runs once the answers stop
 * coming for QUIET_MS, not between them. The API server sends the reviews of a ReplicaSet scaling
 * up at once, one per pooled connection; they reach Node over a millisecond or two, a few per
 * turn of the event loop, and the bookkeeping of each turn's answers used to delay the next
 * turn's reviews. Run after the burst instead, it moved the median review of hey's bursts closer
 * to the same-size floor by 0.1–0.2 ms (docs/performance.md, "Where the tail comes from").
 *
 * Without a pause (full load), the queue runs at the end of the turn in which it reaches
 * MOST_QUEUED answers; while the server drains, at the end of each turn, so that every answer is
 * logged before the server says it stopped.
 *
 * The queue holds each answer's `after` and its duration, nothing of the request around it, so
 * a scavenge that falls inside a burst has little more to copy: `after` should close over the
 * few values it logs, not the review.
 */

/** Work after one answer, given the time from the request's arrival to its answer. */
export type After = (durationMs: number) => void;

/**
 * AfterAnswers queues `after`; queued work runs in order. `draining`: the server is shutting
 * down, and the queue runs at the end of this turn.
 */
export type AfterAnswers = (after: After, durationMs: number, draining?: boolean) => void;

/** A burst is over when no answer has been written for this long. */
export const QUIET_MS = 1;

/**
 * The most answers that wait for a pause: more than a burst from the API server's 25 pooled
 * connections, few enough that at full load what they hold dies young. With 256, the queue lived
 * ~17 ms at 15,000 reviews/s, across several scavenges, and what it held was promoted to the old
 * generation: 6–8 µs more CPU per review at full load, 10,000 presets.
 */
export const MOST_QUEUED = 32;

/** afterAnswers gives an empty queue; `failed` hears what its work throws. */
export function afterAnswers(failed: (error: unknown) => void, quietMs = QUIET_MS): AfterAnswers {
  let work: After[] = [];
  let durations: number[] = [];
  let runsThisTurn = false;
  const run = (): void => {
    runsThisTurn = false;
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
  // One timer, pushed back by every answer: refresh() re-arms it, fired or not, allocating nothing.
  const quiet = setTimeout(run, quietMs);
  return (after, durationMs, draining = false) => {
    durations.push(durationMs);
    const queued = work.push(after);
    quiet.refresh();
    if (!runsThisTurn && (draining || queued >= MOST_QUEUED)) {
      runsThisTurn = true;
      setImmediate(run);
    }
  };
}
