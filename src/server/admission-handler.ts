/**
 * The admission endpoints (/mutate, /validate) on plain node:http, without express: they answer
 * every Pod creation in the cluster, and a framework's routing, body parsing and response
 * helpers cost more than the whole engine (see README, Performance). The answer is written
 * first; logging, metrics and observers run after it, off the API server's clock.
 *
 * The one catch of these endpoints: an unexpected error once the review is read still answers
 * that uid, allowed and unchanged with a warning, never a bare 500 (docs/SPEC.md §5).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errored, reviewJson, toReview, type AdmissionReviewOut } from '../admission/responses.js';
import type { AdmissionReviewIn } from '../admission/review.js';
import type { Endpoint, ServerContext } from './context.js';
import { decisionFields } from './decision-log.js';
import { readReview } from './read-review.js';
import { reject, sendJsonText } from './reject.js';

export interface AdmissionAnswer {
  readonly review: AdmissionReviewOut;
  /** Logging, metrics and side effects, run after the answer is written. */
  readonly after: () => void;
  /** Work the answer waits for (rare: /validate widening the webhook's scope); absent on /mutate. */
  readonly settle?: Promise<void>;
}

/** AdmissionDecider answers one parsed review; `started` is when the request arrived. */
export type AdmissionDecider = (review: AdmissionReviewIn, started: number) => AdmissionAnswer;

/** admissionHandler serves one admission endpoint with `decide`. */
export function admissionHandler(
  context: ServerContext,
  endpoint: Endpoint,
  decide: AdmissionDecider,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { logger, metrics } = context;
  return (req, res) => {
    const started = performance.now();
    // While draining, every answer ends its connection so clients reconnect to another replica.
    if (context.isShuttingDown()) res.setHeader('Connection', 'close');
    readReview(req, (read) => {
      if (!read.ok) return reject(context, res, endpoint, read.error);
      const review = read.value;
      let answer: AdmissionAnswer;
      try {
        answer = decide(review, started);
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
        try {
          answer.after();
        } catch (error) {
          // The answer is out (an observer threw after it): nothing to tell the client.
          logger.error({ err: error, endpoint }, 'error after the answer was sent');
        }
      };
      if (answer.settle) void answer.settle.then(send, send);
      else send();
    });
  };
}
