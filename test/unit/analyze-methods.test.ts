/**
 * analyze()'s settings and rules beyond the golden values (stats-golden.test.ts): methods,
 * not-computable comparisons through the entry, CUPED fallbacks, the correction family, health,
 * and the issue-10 defects as analyze() reports them. Expected values are derived by hand in each
 * test (or by the properties a method must have), never read back from the code under test.
 */
import { describe, expect, it } from 'vitest';

import {
  adjustPValues,
  analyze,
  cohortSampleRatioTest,
  multipleExposuresCheck,
  sampleRatioTest,
  tooLittleData,
  type AnalysisInput,
  type AnalysisSettings,
  type MetricInput,
  type SufficientStatistics,
} from '../../src/stats/index.js';

const ARMS = [
  { key: 'CONTROL', control: true, subjects: 1000, expectedShare: 0.5 },
  { key: 'TREATMENT', control: false, subjects: 1000, expectedShare: 0.5 },
];
const conv = (k: number, n: number): SufficientStatistics => ({ n, sum: k, sumSquares: k });
/** Sufficient statistics of n values with a given mean and sample variance (paired optional). */
function moments(n: number, mean: number, variance: number, paired?: SufficientStatistics['paired']): SufficientStatistics {
  return { n, sum: n * mean, sumSquares: variance * (n - 1) + n * mean * mean, variance, ...(paired ? { paired } : {}) };
}
function one(metric: Omit<MetricInput, 'id'>, settings: Partial<AnalysisSettings> = {}, arms = ARMS) {
  return analyze({ arms, metrics: [{ id: 'm', ...metric }] }, { alpha: 0.05, ...settings }).metrics[0]!.comparisons[0]!;
}
function expectNoNonFinite(value: unknown): void {
  const json = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `NONFINITE:${v}` : v));
  expect(json).not.toContain('NONFINITE');
}
const METHODS = ['FIXED', 'SEQUENTIAL', 'BAYESIAN'] as const;

describe('defects of issue 10, through analyze()', () => {
  it('two constant arms (control 0/3, treatment 3/3) are not computable under every method, never significant', () => {
    for (const method of METHODS) {
      const c = one({ statistic: 'proportion', byArm: new Map([['CONTROL', conv(0, 3)], ['TREATMENT', conv(3, 3)]]) }, { method });
      expect(c.notComputable).toBe('ZERO_VARIANCE');
      expect(c.significant).toBe(false);
      expect([c.pValue, c.relativePValue, c.chanceToWin, c.risk, c.absoluteLift.ciLower, c.absoluteLift.ciUpper]).toEqual([null, null, null, null, null, null]);
      expect(c.absoluteLift.estimate).toBe(1);
    }
  });

  it('n < 2 in an arm is TOO_FEW_UNITS', () => {
    const c = one({ statistic: 'sample-mean', byArm: new Map([['CONTROL', moments(1, 3, 0)], ['TREATMENT', moments(50, 3, 1)]]) });
    expect(c.notComputable).toBe('TOO_FEW_UNITS');
    expect(c.significant).toBe(false);
  });

  it('a tiny control mean (1e-80) gives finite or null figures under every method and correction', () => {
    for (const method of METHODS) {
      for (const correction of ['NONE', 'HOLM'] as const) {
        const a = analyze(
          { arms: ARMS, metrics: [{ id: 'm', primary: true, statistic: 'sample-mean', byArm: new Map([['CONTROL', moments(1000, 1e-80, 1)], ['TREATMENT', moments(1000, 0.1, 1)]]) }] },
          { alpha: 0.05, method, correction },
        );
        expectNoNonFinite(a);
      }
    }
  });

  it('negative control mean: the relative lift has the sign of the absolute lift under every method', () => {
    for (const method of METHODS) {
      const c = one({ statistic: 'sample-mean', byArm: new Map([['CONTROL', moments(500, -2, 4)], ['TREATMENT', moments(500, -1.5, 4)]]) }, { method });
      expect(c.absoluteLift.estimate).toBeGreaterThan(0);
      expect(c.relativeLift!.estimate).toBeGreaterThan(0);
      if (method === 'BAYESIAN') expect(c.chanceToWin!).toBeGreaterThan(0.5);
    }
  });

  it('each scale’s interval and p-value agree (FIXED and SEQUENTIAL), at several alphas', () => {
    const byArm = new Map([['CONTROL', conv(100, 1000)], ['TREATMENT', conv(130, 1000)]]);
    for (const method of ['FIXED', 'SEQUENTIAL'] as const) {
      for (const alpha of [0.01, 0.05, 0.1, 0.3]) {
        const c = one({ statistic: 'proportion', byArm }, { method, alpha });
        expect(c.absoluteLift.ciLower! > 0).toBe(c.pValue! < alpha);
        expect(c.relativeLift!.ciLower! > 0).toBe(c.relativePValue! < alpha);
      }
    }
  });
});

describe('methods', () => {
  const byArm = new Map([['CONTROL', conv(100, 1000)], ['TREATMENT', conv(130, 1000)]]);

  it('FIXED is the default and equals method FIXED; frequentist methods carry no chance to win or risk', () => {
    const d = one({ statistic: 'proportion', byArm });
    expect(d).toEqual(one({ statistic: 'proportion', byArm }, { method: 'FIXED' }));
    expect(d.chanceToWin).toBeNull();
    expect(d.risk).toBeNull();
    expect(d.cuped).toBeNull();
    expect(d.adjustedPValue).toBeNull();
  });

  it('SEQUENTIAL is wider than FIXED at the same data (the price of looking any time), and narrows toward it as N* nears n', () => {
    const f = one({ statistic: 'proportion', byArm }, { method: 'FIXED' });
    const s = one({ statistic: 'proportion', byArm }, { method: 'SEQUENTIAL' });
    expect(s.pValue!).toBeGreaterThan(f.pValue!);
    expect(s.absoluteLift.ciUpper! - s.absoluteLift.ciLower!).toBeGreaterThan(f.absoluteLift.ciUpper! - f.absoluteLift.ciLower!);
    const far = one({ statistic: 'proportion', byArm }, { method: 'SEQUENTIAL', sequentialTuning: 200_000 });
    expect(far.absoluteLift.ciUpper! - far.absoluteLift.ciLower!).toBeGreaterThan(s.absoluteLift.ciUpper! - s.absoluteLift.ciLower!);
    expect(() => one({ statistic: 'proportion', byArm }, { method: 'SEQUENTIAL', sequentialTuning: 0 })).toThrow(RangeError);
  });

  it('BAYESIAN: no p-values; significant iff the relative credible interval excludes 0; risk is the expected loss', () => {
    const b = one({ statistic: 'proportion', byArm }, { method: 'BAYESIAN' });
    expect(b.pValue).toBeNull();
    expect(b.relativePValue).toBeNull();
    expect(b.significant).toBe(b.relativeLift!.ciLower! > 0);
    expect(b.significant).toBe(b.chanceToWin! > 0.975);
    // With a flat prior the posterior is N(r, SE_r²): E[max(X,0)] − E[max(−X,0)] = E[X] = r.
    expectClose(b.risk!.control - b.risk!.treatment, b.relativeLift!.estimate, 1e-12);
    // A tight prior at 0 pulls the posterior toward 0.
    const shrunk = one({ statistic: 'proportion', byArm, prior: { mean: 0, variance: 1e-4 } }, { method: 'BAYESIAN' });
    expect(shrunk.relativeLift!.estimate).toBeLessThan(b.relativeLift!.estimate);
    expect(shrunk.chanceToWin!).toBeLessThan(b.chanceToWin!);
    expect(() => one({ statistic: 'proportion', byArm, prior: { mean: 0, variance: 0 } }, { method: 'BAYESIAN' })).toThrow(RangeError);
  });

  it('BAYESIAN with a control mean of 0 is ZERO_CONTROL_MEAN (chance to win and risk are relative)', () => {
    const b = one({ statistic: 'sample-mean', byArm: new Map([['CONTROL', moments(100, 0, 1)], ['TREATMENT', moments(100, 0.3, 1)]]) }, { method: 'BAYESIAN' });
    expect(b.notComputable).toBe('ZERO_CONTROL_MEAN');
    expect(b.significant).toBe(false);
    expect(b.chanceToWin).toBeNull();
    // the frequentist methods still read the absolute lift
    const f = one({ statistic: 'sample-mean', byArm: new Map([['CONTROL', moments(100, 0, 1)], ['TREATMENT', moments(100, 0.3, 1)]]) });
    expect(f.notComputable).toBeNull();
    expect(f.relativeLift).toBeNull();
    expect(f.pValue).not.toBeNull();
  });
});

function expectClose(a: number, b: number, rel: number) {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));
}

describe('CUPED', () => {
  const paired = (n: number, preMean: number, preVariance: number, covariance: number) => ({ sumY: n * preMean, sumYSquares: preVariance * (n - 1) + n * preMean * preMean, sumXY: 0, varianceY: preVariance, covariance });

  it('θ undefined (no pre-period variance) falls back to the unadjusted readout, reported beside it', () => {
    const byArm = new Map([['CONTROL', moments(500, 10, 4, paired(500, 0, 0, 0))], ['TREATMENT', moments(500, 10.5, 4, paired(500, 0, 0, 0))]]);
    const c = one({ statistic: 'sample-mean', cuped: true, byArm });
    expect(c.cuped!.theta).toBeNull();
    expect(c.cuped!.varianceReduction).toBeNull();
    const { key: _k, adjustedPValue: _a, adjusted: _d, cuped, ...main } = c;
    expect(main).toEqual(cuped!.unadjusted);
    expect(main).toEqual((({ key: _1, adjustedPValue: _2, adjusted: _3, cuped: _4, ...rest }) => rest)(one({ statistic: 'sample-mean', byArm })));
  });

  it('variance reduction is 1 − ρ² when θ is the per-arm regression slope (equal arms, correlation ρ = 0.8)', () => {
    // var(post) = var(pre) = 4, cov = 3.2 → θ = 0.8, adjusted variance 4 + 0.64·4 − 2·0.8·3.2 = 1.44 = 4(1 − 0.64)
    const byArm = new Map([['CONTROL', moments(800, 10, 4, paired(800, 9, 4, 3.2))], ['TREATMENT', moments(800, 10, 4, paired(800, 9, 4, 3.2))]]);
    const c = one({ statistic: 'sample-mean', cuped: true, byArm });
    expectClose(c.cuped!.theta!, 0.8, 1e-12);
    expectClose(c.cuped!.varianceReduction!, 0.64, 1e-12);
  });

  it('ratio metrics do not take CUPED; a CUPED metric without pre-period sums is an error', () => {
    const r = moments(10, 2, 1, paired(10, 1, 1, 0.5));
    expect(() => one({ statistic: 'ratio', cuped: true, byArm: new Map([['CONTROL', r], ['TREATMENT', r]]) })).toThrow(/ratio/);
    expect(() => one({ statistic: 'sample-mean', cuped: true, byArm: new Map([['CONTROL', moments(10, 2, 1)], ['TREATMENT', moments(10, 2, 1)]]) })).toThrow(RangeError);
  });
});

describe('multiple-testing correction', () => {
  const arms = [...ARMS, { key: 'B', control: false, subjects: 1000, expectedShare: 0.5 }];
  const strong = new Map([['CONTROL', conv(100, 1000)], ['TREATMENT', conv(140, 1000)], ['B', conv(128, 1000)]]);
  const input = (extra: MetricInput[] = []): AnalysisInput => ({
    arms,
    metrics: [{ id: 'p', primary: true, statistic: 'proportion', byArm: strong }, { id: 'secondary', statistic: 'proportion', byArm: strong }, ...extra],
  });

  it('applies to primary metrics × treatment arms only; Holm doubles the larger of two p-values’ partner', () => {
    const a = analyze(input(), { alpha: 0.05, correction: 'HOLM' });
    const [t, b] = a.metrics[0]!.comparisons;
    const [pt, pb] = [t!.pValue!, b!.pValue!];
    expect(pt).toBeLessThan(pb);
    expectClose(t!.adjustedPValue!, 2 * pt, 1e-15);
    expectClose(b!.adjustedPValue!, Math.max(2 * pt, pb), 1e-15);
    expect(b!.significant).toBe(b!.adjustedPValue! < 0.05);
    for (const c of a.metrics[1]!.comparisons) expect([c.adjustedPValue, c.adjusted]).toEqual([null, null]);
  });

  it('a not-computable primary comparison counts in the family (p = 1) and gets no adjusted figures', () => {
    const dead: MetricInput = { id: 'dead', primary: true, statistic: 'proportion', byArm: new Map([['CONTROL', conv(0, 1000)], ['TREATMENT', conv(0, 1000)], ['B', conv(0, 1000)]]) };
    const a = analyze(input([dead]), { alpha: 0.05, correction: 'HOLM' });
    const t = a.metrics[0]!.comparisons[0]!;
    expectClose(t.adjustedPValue!, Math.min(1, 4 * t.pValue!), 1e-15); // m = 4: 2 arms × 2 primary metrics
    for (const c of a.metrics[2]!.comparisons) expect([c.notComputable, c.adjustedPValue, c.adjusted, c.significant]).toEqual(['ZERO_VARIANCE', null, null, false]);
  });

  it('is not applied to BAYESIAN (no p-values)', () => {
    const a = analyze(input(), { alpha: 0.05, correction: 'BH', method: 'BAYESIAN' });
    for (const c of a.metrics[0]!.comparisons) expect(c.adjustedPValue).toBeNull();
  });

  it('SEQUENTIAL: adjusted confidence sequences agree with the adjusted anytime p-values', () => {
    const a = analyze(input(), { alpha: 0.05, correction: 'BH', method: 'SEQUENTIAL' });
    for (const c of a.metrics[0]!.comparisons) {
      expect(c.adjustedPValue!).toBeGreaterThanOrEqual(c.pValue!);
      expect(c.adjusted!.absoluteLift.ciLower! > 0).toBe(c.adjustedPValue! < 0.05);
      expect(c.adjusted!.absoluteLift.ciLower!).toBeLessThanOrEqual(c.absoluteLift.ciLower!);
    }
  });

  it('adjustPValues: Holm and BH by hand, input order kept, bounds checked', () => {
    const ps = [0.01, 0.04, 0.03, 0.005];
    // Holm: sorted 0.005·4, 0.01·3, 0.03·2, 0.04·1 → 0.02, 0.03, 0.06, 0.06 (running max)
    expect(adjustPValues(ps, 'HOLM').map((x) => +x.toFixed(12))).toEqual([0.03, 0.06, 0.06, 0.02]);
    // BH: 0.005·4/1, 0.01·4/2, 0.03·4/3, 0.04·4/4 → 0.02, 0.02, 0.04, 0.04 (running min from the top)
    expect(adjustPValues(ps, 'BH').map((x) => +x.toFixed(12))).toEqual([0.02, 0.04, 0.04, 0.02]);
    expect(adjustPValues(ps, 'NONE')).toEqual(ps);
    expect(adjustPValues([], 'HOLM')).toEqual([]);
    expect(() => adjustPValues([1.5], 'BH')).toThrow(RangeError);
  });
});

describe('health', () => {
  it('defect: after addCohort, exposures were tested against the newest cohort’s split; each cohort now tests its own', () => {
    // cohort 1 placed 5,000/5,000 at 50/50; cohort 2 placed 1,000/3,000 at 25/75.
    const cohorts = [
      { observed: [5000, 5000], expectedShares: [0.5, 0.5] },
      { observed: [1000, 3000], expectedShares: [0.25, 0.75] },
    ];
    expect(cohortSampleRatioTest(cohorts)).toEqual({ chiSquare: 0, pValue: 1, degreesOfFreedom: 2, mismatch: false });
    // the old check: all 14,000 against the newest 25/75 split
    expect(sampleRatioTest([6000, 8000], [0.25, 0.75]).mismatch).toBe(true);
    const a = analyze(
      {
        arms: [{ key: 'A', control: true, subjects: 6000, expectedShare: 0.25 }, { key: 'B', control: false, subjects: 8000, expectedShare: 0.75 }],
        metrics: [],
        cohorts: cohorts.map((c) => ({ subjects: new Map([['A', c.observed[0]!], ['B', c.observed[1]!]]), expectedShares: new Map([['A', c.expectedShares[0]!], ['B', c.expectedShares[1]!]]) })),
      },
      { alpha: 0.05 },
    );
    expect(a.health.sampleRatio.mismatch).toBe(false);
    expect(a.sampleRatio).toEqual(a.health.sampleRatio);
  });

  it('multiple exposures warn at ≥ 1 % of exposed subjects', () => {
    expect(multipleExposuresCheck(99, 10_000).warning).toBe(false);
    expect(multipleExposuresCheck(100, 10_000)).toEqual({ subjects: 100, share: 0.01, warning: true });
    expect(multipleExposuresCheck(0, 0)).toEqual({ subjects: 0, share: 0, warning: false });
    expect(() => multipleExposuresCheck(5, 4)).toThrow(RangeError);
    const a = analyze({ arms: ARMS, metrics: [], multipleExposures: 20 }, { alpha: 0.05 });
    expect(a.health.multipleExposures).toEqual({ subjects: 20, share: 0.01, warning: true });
    expect(analyze({ arms: ARMS, metrics: [] }, { alpha: 0.05 }).health.multipleExposures).toBeNull();
  });

  it('too little data: arms under 150 units (GrowthBook’s default minimum), threshold configurable', () => {
    expect(tooLittleData([{ key: 'A', units: 149 }, { key: 'B', units: 150 }])).toEqual([{ key: 'A', units: 149 }]);
    const arms = [{ ...ARMS[0]!, subjects: 120 }, { ...ARMS[1]!, subjects: 900 }];
    expect(analyze({ arms, metrics: [] }, { alpha: 0.05 }).health.tooLittleData).toEqual([{ key: 'CONTROL', units: 120 }]);
    expect(analyze({ arms, metrics: [] }, { alpha: 0.05, minUnitsPerArm: 100 }).health.tooLittleData).toEqual([]);
  });
});
