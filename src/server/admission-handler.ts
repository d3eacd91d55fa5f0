/**
 * The admission endpoints (/mutate, /validate) on plain node:http, without express: they answer
 * every Pod creation in the cluster, and a framework's routing, body parsing and response
 * helpers cost more than the whole engine (see docs/performance.md). The answer is written
 * first; logging, metrics and observers run once the answers stop coming for a moment
 * (after-answers.ts), off the API server's clock.
 *
 * The one catch of these endpoints: an unexpected error once the review is read still answers
 * that uid, allowed and unchanged with a warning, never a bare 500 (docs/SPEC.md §5).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errored, reviewJson, toReview, type AdmissionReviewOut } from '../admission/responses.js';
import type { AdmissionReviewIn } from '../admission/review.js';
import type { Endpoint, ServerContext } from './context.js';
import { afterAnswers, type After } from './after-answers.js';
import { decisionFields, elapsedMs } from './decision-log.js';
import { readReview } from './read-review.js';
import { reject, sendJsonText } from './reject.js';

export interface AdmissionAnswer {
  readonly review: AdmissionReviewOut;
  /**
   * Logging, metrics and side effects, run once the answers stop coming for a moment;
   * `durationMs` is the time from the request's arrival to its answer.
   */
  readonly after: After;
  /** Work the answer waits for (rare: /validate widening the webhook's scope); absent on /mutate. */
  readonly settle?: Promise<void>;
}

/** AdmissionDecider answers one parsed review. */
export type AdmissionDecider = (review: AdmissionReviewIn) => AdmissionAnswer;

/** admissionHandler serves one admission endpoint with `decide`. */
export function admissionHandler(
  context: ServerContext,
  endpoint: Endpoint,
  decide: AdmissionDecider,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { logger, metrics } = context;
  // The answer is out when this runs: an error here has nobody to tell but the log.
  const later = afterAnswers((error) =>
    logger.error({ err: error, endpoint }, 'error after the answer was sent'),
  );
  return (req, res) => {
    const started = performance.now();
    // While draining, every answer ends its connection so clients reconnect to another replica.
    if (context.isShuttingDown()) res.setHeader('Connection', 'close');
    readReview(req, (read) => {
      if (!read.ok) return reject(context, res, endpoint, read.error);
      const review = read.value;
      let answer: AdmissionAnswer;
      try {
        answer = decide(review);
      } catch (error) {
        metrics.admissionRequests.inc({ endpoint, outcome: 'error' });
        logger.error(
          { err: error, endpoint, ...decisionFields(review.request, 'error') },
          'admission failed: answered allowed without presets',
        );
        const fallback = toReview(review.apiVersion, errored(review.request.uid, 'internal error'));
        return sendJsonText(res, 200, reviewJson(fallback));
      }
      const send = (): void => {
        sendJsonText(res, 200, reviewJson(answer.review));
        later(answer.after, elapsedMs(started, performance.now()), context.isShuttingDown());
      };
      if (answer.settle) void answer.settle.then(send, send);
      else send();
    });
  };
}
