/**
 * The engine alone, in-process: decode a review, mutatePod, encode the answer as the server
 * sends it. This is what the HTTPS server adds on top of the floor's JSON.parse, without TLS or
 * HTTP in the numbers.
 *
 * `JSON.parse` of the ~6 KB review is more than half of the total, and every webhook (the floor
 * included) pays it before it can look at a Pod: the engine's own time is the rest, timed over
 * reviews parsed beforehand. Both are reported, and the parse alone beside them.
 */
import { mutatePod } from '../src/admission/mutate-pod.js';
import { parseAdmissionReview } from '../src/admission/review.js';
import { reviewJson, toReview } from '../src/admission/responses.js';
import type { PresetCatalog } from '../src/core/catalog.js';

export interface EngineResult {
  /** JSON.parse of the review, the engine and the answer's encoding. */
  readonly microsPerReview: number;
  /** The engine's own time: everything but JSON.parse of the review. */
  readonly microsOwn: number;
  /** JSON.parse of the review alone. */
  readonly microsPerParse: number;
  readonly patchOps: number;
}

/** The steps the bench times, each giving the answer's text (so a test can check what is timed). */
export interface EngineSteps {
  /** One review from its JSON text to the answer's text, as the server handles it. */
  readonly whole: (i: number) => string;
  /** The same review from its decoded object on: what the engine adds to any webhook's parse. */
  readonly own: (i: number) => string;
  readonly parse: (i: number) => unknown;
  readonly patchOps: () => number;
}

/**
 * engineSteps prepares the timed steps for `reviews` (JSON texts, cycled by index). Distinct
 * reviews, each parsed once beforehand for `own`, as distinct uids reach the server.
 */
export function engineSteps(catalog: PresetCatalog, reviews: readonly string[]): EngineSteps {
  const decoded = reviews.map((text) => JSON.parse(text) as unknown);
  let patchOps = 0;
  const answer = (body: unknown): string => {
    const parsed = parseAdmissionReview(body);
    if (!parsed.ok) throw new Error(parsed.error);
    const decision = mutatePod(parsed.value.request, catalog);
    patchOps = decision.evaluation.patch.length;
    return reviewJson(toReview(parsed.value.apiVersion, decision.response));
  };
  return {
    whole: (i) => answer(JSON.parse(reviews[i % reviews.length]!)),
    own: (i) => answer(decoded[i % decoded.length]),
    parse: (i) => JSON.parse(reviews[i % reviews.length]!),
    patchOps: () => patchOps,
  };
}

function timeLoop(iterations: number, body: (i: number) => unknown): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) body(i);
  return Number(process.hrtime.bigint() - start) / 1000 / iterations;
}

/** benchEngine times one admission through the engine, after a warm-up, in microseconds. */
export function benchEngine(
  catalog: PresetCatalog,
  reviews: readonly string[],
  iterations = 20_000,
): EngineResult {
  const steps = engineSteps(catalog, reviews);
  timeLoop(iterations / 4, steps.whole);
  const microsPerReview = timeLoop(iterations, steps.whole);
  timeLoop(iterations / 4, steps.own);
  const microsOwn = timeLoop(iterations, steps.own);
  const microsPerParse = timeLoop(iterations, steps.parse);
  return { microsPerReview, microsOwn, microsPerParse, patchOps: steps.patchOps() };
}
