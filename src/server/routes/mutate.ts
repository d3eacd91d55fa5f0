/**
 * POST /mutate: ask the engine, answer in the request's version, then log the decision once,
 * count it, and tell the observers (never for dryRun).
 */
import { mutatePod } from '../../admission/mutate-pod.js';
import type { Evaluation } from '../../core/evaluate.js';
import { errored, toReview } from '../../admission/responses.js';
import type { AdmissionDecider } from '../admission-handler.js';
import type { ServerContext } from '../context.js';
import { decisionFields } from '../decision-log.js';

/** The warning a Pod gets when it arrives before the presets are loaded. */
export const NOT_READY_MESSAGE = 'presets not loaded yet';

/** decideMutate answers one /mutate review. */
export function decideMutate(context: ServerContext): AdmissionDecider {
  const { presets, logger, metrics, observers, exclusions } = context;
  // Label children resolved once: prom-client hashes a label set on every inc() otherwise.
  const byOutcome = new Map<string, { inc(): void }>();
  const count = (outcome: string): void => {
    let child = byOutcome.get(outcome);
    if (!child)
      byOutcome.set(outcome, (child = metrics.admissionRequests.labels({ endpoint: 'mutate', outcome })));
    child.inc();
  };
  const duration = metrics.admissionDuration.labels({ endpoint: 'mutate' });
  return (review) => {
    const { request } = review;

    // Decision: before the first load the Pod is admitted unchanged with a warning, like any
    // other failure to inject (docs/SPEC.md §5); /readyz keeps the Service from routing here meanwhile.
    if (!presets.isReady()) {
      const fields = decisionFields(request, 'not-ready');
      return {
        review: toReview(review.apiVersion, errored(request.uid, NOT_READY_MESSAGE)),
        after: (durationMs) => {
          count('not-ready');
          fields.durationMs = durationMs;
          logger.warn(fields, 'admission decision');
        },
      };
    }

    const decision = mutatePod(request, presets.catalog, exclusions);
    const { evaluation } = decision;
    // The log line's fields now, so that `after` holds them and not the review (after-answers.ts).
    // Only what the outcome needs: a mutated Pod's reason would repeat its presets, and it got
    // every preset that matched but those SkipPreset left out.
    const fields = decisionFields(request, evaluation.outcome, decision.namespace);
    if (evaluation.outcome === 'mutated') fields.presets = appliedLabels(evaluation);
    else fields.reason = evaluation.reason;
    const { conflicts } = evaluation;
    // Resolved conflicts are logged too, with what they did (docs/SPEC.md §8.3).
    if (conflicts.length > 0) fields.conflicts = conflicts.map((c) => `${c.message} (${c.resolution})`);
    // Observers (cluster mode) get the request and decision; never on a dry run.
    const observed = observers.length > 0 && request.dryRun !== true ? { request, decision } : undefined;
    return {
      review: toReview(review.apiVersion, decision.response),
      after: (durationMs) => {
        count(fields.outcome);
        duration.observe(durationMs / 1000);
        for (const { field, resolution } of conflicts) metrics.conflicts.inc({ field, resolution });
        fields.durationMs = durationMs;
        if (fields.outcome === 'conflict') logger.warn(fields, 'admission decision');
        else logger.info(fields, 'admission decision');
        if (observed) for (const observer of observers) observer.observe(observed.request, observed.decision);
      },
    };
  };
}

/** appliedLabels names the applied presets with the labels compiled once per preset. */
function appliedLabels(evaluation: Evaluation): string[] {
  const { matched, skipped } = evaluation;
  if (skipped.length === 0) return matched.map((p) => p.label);
  return matched
    .filter((p) => !skipped.some((s) => s.kind === p.kind && s.name === p.name))
    .map((p) => p.label);
}
