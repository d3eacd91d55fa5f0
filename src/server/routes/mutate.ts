/**
 * POST /mutate: parse the AdmissionReview, ask the engine, answer in the request's version, log
 * the decision once, count it, then tell the observers (never for dryRun). Anything that throws
 * here reaches the error handler, which still answers this uid (see errors.ts).
 */
import type { RequestHandler } from 'express';
import { mutatePod } from '../../admission/mutate-pod.js';
import { errored, toReview } from '../../admission/responses.js';
import type { ServerContext } from '../context.js';
import { elapsedMs, requestFields } from '../decision-log.js';
import { readReview } from '../read-review.js';

/** The warning a Pod gets when it arrives before the presets are loaded. */
export const NOT_READY_MESSAGE = 'presets not loaded yet';

/** mutateRoute answers POST /mutate. */
export function mutateRoute(context: ServerContext): RequestHandler {
  const { presets, logger, metrics, observers } = context;
  return (req, res) => {
    const started = performance.now();
    const review = readReview(context, 'mutate', req, res);
    if (!review) return;
    const { request } = review;

    // Decision: before the first load the Pod is admitted unchanged with a warning, like any
    // other failure to inject (PRODUCT §5); /readyz keeps the Service from routing here meanwhile.
    if (!presets.isReady()) {
      res.json(toReview(review.apiVersion, errored(request.uid, NOT_READY_MESSAGE)));
      metrics.admissionRequests.inc({ endpoint: 'mutate', outcome: 'not-ready' });
      logger.warn({ ...requestFields(request), outcome: 'not-ready' }, 'admission decision');
      return;
    }

    const decision = mutatePod(request, presets.catalog);
    res.json(toReview(review.apiVersion, decision.response));

    const { evaluation } = decision;
    const durationMs = elapsedMs(started, performance.now());
    metrics.admissionRequests.inc({ endpoint: 'mutate', outcome: evaluation.outcome });
    metrics.admissionDuration.observe({ endpoint: 'mutate' }, durationMs / 1000);
    for (const conflict of evaluation.conflicts) metrics.conflicts.inc({ field: conflict.field });
    const fields = {
      ...requestFields(request, decision.namespace),
      outcome: evaluation.outcome,
      reason: evaluation.reason,
      presets: evaluation.applied.map((p) => `${p.kind}/${p.name}`),
      conflicts: evaluation.conflicts.map((c) => c.message),
      durationMs,
    };
    if (evaluation.outcome === 'conflict') logger.warn(fields, 'admission decision');
    else logger.info(fields, 'admission decision');

    if (request.dryRun !== true) for (const observer of observers) observer.observe(request, decision);
  };
}
