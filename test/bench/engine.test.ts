import { afterEach, describe, expect, it, vi } from 'vitest';
import { engineSteps, type EngineResult } from '../../bench/engine.js';
import type { ScaleResult } from '../../bench/measure.js';
import { presetDocuments } from '../../bench/presets.js';
import { benchReview } from '../../bench/review.js';
import { checks } from '../../bench/targets.js';
import { loadPresets, toCatalog } from '../../src/core/load.js';

const catalog = toCatalog(
  loadPresets(presetDocuments(100, 100, 'beyond').map((object, i) => ({ source: `#${i}`, object }))),
);
const reviews = [0, 1].map((i) => JSON.stringify(benchReview(`engine-${i}`)));

afterEach(() => vi.restoreAllMocks());

describe("the bench's engine steps", () => {
  it('answer each review as the server sends it, with the review decoded or from its text', () => {
    const steps = engineSteps(catalog, reviews);
    const answer = JSON.parse(steps.own(1)) as { response: { uid: string; patchType?: string } };
    expect(answer.response.uid).toBe('engine-1');
    expect(answer.response.patchType).toBe('JSONPatch');
    expect(steps.whole(1)).toBe(steps.own(1));
    expect(steps.patchOps()).toBeGreaterThan(0);
  });

  it("time the engine's own work without JSON.parse of the review, and the whole with it", () => {
    const steps = engineSteps(catalog, reviews);
    const parse = vi.spyOn(JSON, 'parse');
    steps.own(0);
    expect(parse).not.toHaveBeenCalled();
    steps.whole(0);
    expect(parse).toHaveBeenCalledTimes(1);
    expect(parse).toHaveBeenCalledWith(reviews[0]);
  });
});

describe("the bench's issue 13 target", () => {
  const result = (engine: Partial<EngineResult>, catalogVariant?: 'beyond'): ScaleResult => ({
    scale: { total: 10_000, inNamespace: 1_000, ...(catalogVariant ? { catalog: catalogVariant } : {}) },
    readyMs: 2000,
    rssMiB: 120,
    answerBytes: 1900,
    engine: { microsPerReview: 30, microsOwn: 10, microsPerParse: 18, patchOps: 13, ...engine },
    errors: 0,
    tput: {
      floor: { webhook: 6, floor: 10, relative: 0.6 },
      sized: { webhook: 6, floor: 9, relative: 0.66 },
    },
    p50: {},
    p99: {},
    cpu: {},
  });
  const engineCheck = (results: ScaleResult[]) =>
    checks(results).find(([name]) => name.startsWith('§8 catalog at 10000: engine'));

  it("is decided on the engine's own time, not on the time with the review's JSON.parse", () => {
    expect(engineCheck([result({}), result({ microsOwn: 12, microsPerReview: 31 }, 'beyond')])).toEqual([
      "§8 catalog at 10000: engine's own time < 15 µs/review (12.0)",
      true,
    ]);
    expect(engineCheck([result({}), result({ microsOwn: 15.5, microsPerReview: 20 }, 'beyond')])?.[1]).toBe(
      false,
    );
  });

  it('is checked even when the in-tree catalog of that size was not run', () => {
    expect(engineCheck([result({ microsOwn: 9 }, 'beyond')])?.[1]).toBe(true);
  });

  const throughputCheck = (results: ScaleResult[]) =>
    checks(results).find(([name]) => name.startsWith('§8 catalog at 10000: throughput'));
  const inTree = (relative: number): Pick<ScaleResult, 'companion'> => ({
    companion: { name: 'in-tree', webhook: 5.7 * relative, floor: 5.7, relative },
  });

  it('decides throughput on the in-tree webhook measured in the same rounds when there is one', () => {
    // Across scales the ratio would be 0.5 / 0.6 = 0.83: drift between the runs, not the catalog.
    const drifted = {
      floor: { webhook: 5, floor: 10, relative: 0.5 },
      sized: { webhook: 5, floor: 9, relative: 0.55 },
    };
    expect(
      throughputCheck([result({}), { ...result({}, 'beyond'), tput: drifted, ...inTree(0.96) }]),
    ).toEqual(['§8 catalog at 10000: throughput within 5% of in-tree (0.96)', true]);
    expect(throughputCheck([result({}), { ...result({}, 'beyond'), ...inTree(0.93) }])?.[1]).toBe(false);
  });

  it('falls back to the two scales’ floor ratios without it, and to nothing without the in-tree scale', () => {
    const slower = {
      floor: { webhook: 5.4, floor: 10, relative: 0.54 },
      sized: { webhook: 5.4, floor: 9, relative: 0.6 },
    };
    expect(throughputCheck([result({}), { ...result({}, 'beyond'), tput: slower }])).toEqual([
      '§8 catalog at 10000: throughput within 5% of in-tree (0.90)',
      false,
    ]);
    expect(throughputCheck([result({}, 'beyond')])).toBeUndefined();
  });
});
