/** POST /validate: the validating webhook for PodPreset and ClusterPodPreset writes. */
import { toReview } from '../../admission/responses.js';
import { validatePreset } from '../../admission/validate-preset.js';
import type { AdmissionDecider } from '../admission-handler.js';
import type { ServerContext } from '../context.js';
import { decisionFields } from '../decision-log.js';

/** decideValidate answers one /validate review. */
export function decideValidate(context: ServerContext): AdmissionDecider {
  const { logger, metrics } = context;
  return (review) => {
    // Only cluster mode's presets are the cluster's: file mode has nothing to warn against.
    const decision = validatePreset(
      review.request,
      context.overlapWarnings ? context.presets.catalog : undefined,
    );
    const hook = context.presetAdmission;
    return {
      review: toReview(review.apiVersion, decision.response),
      // Before the answer: the API server stores the preset right after it (no side effects on dryRun).
      ...(hook && decision.preset && review.request.dryRun !== true
        ? { settle: hook.beforeAdmit(decision.preset) }
        : {}),
      after: (durationMs) => {
        const outcome = decision.response.allowed ? 'allowed' : 'denied';
        metrics.admissionRequests.inc({ endpoint: 'validate', outcome });
        metrics.admissionDuration.observe({ endpoint: 'validate' }, durationMs / 1000);
        const fields = decisionFields(review.request, outcome);
        fields.problems = decision.problems;
        fields.durationMs = durationMs;
        logger.info(fields, 'validation decision');
      },
    };
  };
}
