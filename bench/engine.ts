/**
 * The engine alone, in-process: decode a review, mutatePod, encode the answer. This is what the
 * HTTPS server adds on top of the floor's JSON.parse, without TLS or HTTP in the numbers.
 */
import { mutatePod } from '../src/admission/mutate-pod.js';
import { parseAdmissionReview } from '../src/admission/review.js';
import { toReview } from '../src/admission/responses.js';
import type { PresetCatalog } from '../src/core/catalog.js';

export interface EngineResult {
  readonly microsPerReview: number;
  readonly microsPerParse: number;
  readonly patchOps: number;
}

function timeLoop(iterations: number, body: () => void): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) body();
  return Number(process.hrtime.bigint() - start) / 1000 / iterations;
}

/** benchEngine times one admission through the engine, after a warm-up, in microseconds. */
export function benchEngine(catalog: PresetCatalog, reviewJson: string, iterations = 20_000): EngineResult {
  let patchOps = 0;
  const once = (): void => {
    const parsed = parseAdmissionReview(JSON.parse(reviewJson));
    if (!parsed.ok) throw new Error(parsed.error);
    const decision = mutatePod(parsed.value.request, catalog);
    patchOps = decision.evaluation.patch.length;
    JSON.stringify(toReview(parsed.value.apiVersion, decision.response));
  };
  timeLoop(iterations / 4, once);
  const microsPerReview = timeLoop(iterations, once);
  const microsPerParse = timeLoop(iterations, () => JSON.parse(reviewJson));
  return { microsPerReview, microsPerParse, patchOps };
}
