/** POST /validate: the validating webhook for PodPreset and ClusterPodPreset writes. */
import type { RequestHandler } from 'express';
import { toReview } from '../../admission/responses.js';
import { validatePreset } from '../../admission/validate-preset.js';
import type { ServerContext } from '../context.js';
import { elapsedMs, requestFields } from '../decision-log.js';
import { readReview } from '../read-review.js';

/** validateRoute answers POST /validate. */
export function validateRoute(context: ServerContext): RequestHandler {
  const { logger, metrics } = context;
  return (req, res) => {
    const started = performance.now();
    const review = readReview(context, 'validate', req, res);
    if (!review) return;

    const decision = validatePreset(review.request);
    res.json(toReview(review.apiVersion, decision.response));

    const outcome = decision.response.allowed ? 'allowed' : 'denied';
    const durationMs = elapsedMs(started, performance.now());
    metrics.admissionRequests.inc({ endpoint: 'validate', outcome });
    metrics.admissionDuration.observe({ endpoint: 'validate' }, durationMs / 1000);
    logger.info(
      { ...requestFields(review.request), outcome, problems: decision.problems, durationMs },
      'validation decision',
    );
  };
}
