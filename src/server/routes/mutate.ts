/**
 * POST /mutate: ask the engine, answer in the request's version, then log the decision once,
 * count it, and tell the observers (never for dryRun).
 */
import { mutatePod } from '../../admission/mutate-pod.js';
import type { Evaluation } from '../../core/evaluate.js';
import { errored, toReview } from '../../admission/responses.js';
import type { AdmissionDecider } from '../admission-handler.js';
import type { ServerContext } from '../context.js';
import { decisionFields, elapsedMs } from '../decision-log.js';

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
  return (review, started) => {
    const { request } = review;

    // Decision: before the first load the Pod is admitted unchanged with a warning, like any
    // other failure to inject (docs/SPEC.md §5); /readyz keeps the Service from routing here meanwhile.
    if (!presets.isReady()) {
      return {
        review: toReview(review.apiVersion, errored(request.uid, NOT_READY_MESSAGE)),
        after: () => {
          count('not-ready');
          logger.warn(decisionFields(request, 'not-ready'), 'admission decision');
        },
      };
    }

    const decision = mutatePod(request, presets.catalog, exclusions);
    return {
      review: toReview(review.apiVersion, decision.response),
      after: () => {
        const { evaluation } = decision;
        const durationMs = elapsedMs(started, performance.now());
        count(evaluation.outcome);
        duration.observe(durationMs / 1000);
        for (const { field, resolution } of evaluation.conflicts)
          metrics.conflicts.inc({ field, resolution });
        // Only what the outcome needs: a mutated Pod's reason would repeat its presets.
        const fields = decisionFields(request, evaluation.outcome, decision.namespace);
        // A mutated Pod got every preset that matched, but those SkipPreset left out.
        if (evaluation.outcome === 'mutated') fields.presets = appliedLabels(evaluation);
        else fields.reason = evaluation.reason;
        // Resolved conflicts are logged too, with what they did (docs/SPEC.md §8.3).
        if (evaluation.conflicts.length > 0)
          fields.conflicts = evaluation.conflicts.map((c) => `${c.message} (${c.resolution})`);
        fields.durationMs = durationMs;
        if (evaluation.outcome === 'conflict') logger.warn(fields, 'admission decision');
        else logger.info(fields, 'admission decision');
        if (request.dryRun !== true) for (const observer of observers) observer.observe(request, decision);
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
