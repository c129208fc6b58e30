/**
 * Every method of stats/analyze.ts against golden values from independent implementations:
 * GrowthBook's gbstats (Welch, sequential confidence sequences, Bayesian effect posterior, CUPED,
 * ratio delta method, check_srm) and SciPy (Welch p a second time, Benjamini–Hochberg, the
 * per-cohort χ² sum, adjusted intervals), written to test/unit/reference/stats-golden.json by
 * test/unit/reference/gbstats_reference.py on the same sufficient statistics this test feeds to
 * analyze(). Tolerances (issue 10): p-values and probabilities 1e-9 absolute, interval bounds and
 * estimates 1e-8 relative.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import {
  analyze,
  cohortSampleRatioTest,
  sampleRatioTest,
  type ArmComparison,
  type ComparisonReadout,
  type Lift,
  type Method,
  type StatisticKind,
  type SufficientStatistics,
} from '../../src/stats/index.js';

type GoldenLift = { estimate: number; ciLower: number; ciUpper: number; pValue?: number };
type Frequentist = { absolute: GoldenLift; relative: GoldenLift };
type Bayes = { absolute: GoldenLift; relative: GoldenLift; chanceToWin: number; risk: { control: number; treatment: number }; riskExact: { control: number; treatment: number } };
type Readouts = { FIXED: Frequentist; SEQUENTIAL: Frequentist; BAYESIAN: Bayes; BAYESIAN_PRIOR: Bayes };
type Case = {
  id: string;
  statistic: StatisticKind;
  cuped: boolean;
  prior: { mean: number; variance: number };
  sequentialTuning: number;
  arms: Record<'CONTROL' | 'TREATMENT', SufficientStatistics>;
  expected: Readouts;
  expectedUnadjusted?: Readouts;
};
type RandomCase = { arms: Record<'CONTROL' | 'TREATMENT', SufficientStatistics>; prior: { mean: number; variance: number } | null; expected: Omit<Readouts, 'BAYESIAN_PRIOR'> & { BAYESIAN_PRIOR?: Bayes } };
type CorrectedComparison = { metric: string; arm: string; pValue: number } & Record<'HOLM' | 'BH', { adjustedPValue: number; absolute: [number, number]; relative: [number, number] }>;
type Golden = {
  alpha: number;
  cases: Case[];
  randomCases: RandomCase[];
  randomPairedCases: { kind: 'ratio' | 'cuped'; arms: Record<'CONTROL' | 'TREATMENT', SufficientStatistics>; expected: Omit<Readouts, 'BAYESIAN_PRIOR'> }[];
  threeArmCuped: { arms: Record<string, SufficientStatistics>; expected: Record<'B' | 'C', Frequentist> };
  refused: { label: string; arms: Record<'CONTROL' | 'TREATMENT', SufficientStatistics>; gbstatsError: string }[];
  srm: { observed: number[]; shares: number[]; pValue: number }[];
  cohortSrm: { cohorts: { observed: number[]; shares: number[] }[]; chiSquare: number; degreesOfFreedom: number; pValue: number };
  corrections: {
    metrics: { id: string; arms: Record<string, SufficientStatistics> }[];
    comparisons: CorrectedComparison[];
    sequential: CorrectedComparison[];
  };
};

const golden = JSON.parse(readFileSync(new URL('./reference/stats-golden.json', import.meta.url), 'utf8')) as Golden;

function expectRel(actual: number | null | undefined, expected: number, rel = 1e-8): void {
  expect(actual).not.toBeNull();
  expect(actual).toBeDefined();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}
function expectAbs(actual: number | null | undefined, expected: number, abs = 1e-9): void {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(abs);
}
/**
 * Risk (expected loss, relative-effect units): 1e-8 relative, or 1e-12 absolute for the deep tail
 * (|μ/σ| ≳ 6), where gbstats' truncnorm-based value loses relative precision or underflows to 0
 * (checked against mpmath at 50 digits: e.g. exact 1.07e-39, gbstats 0; exact 1.44e-16, gbstats 1.50e-16).
 */
function expectRisk(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(1e-8 * Math.abs(expected), 1e-12));
}
function expectLift(actual: Lift | null, expected: GoldenLift): void {
  expect(actual).not.toBeNull();
  expectRel(actual!.estimate, expected.estimate);
  expectRel(actual!.ciLower, expected.ciLower);
  expectRel(actual!.ciUpper, expected.ciUpper);
}

const ARMS = [
  { key: 'CONTROL', control: true, subjects: 0, expectedShare: 0.5 },
  { key: 'TREATMENT', control: false, subjects: 0, expectedShare: 0.5 },
];

function run(c: Case, method: Method, withPrior: boolean): ArmComparison {
  const a = analyze(
    {
      arms: ARMS.map((x) => ({ ...x, subjects: c.arms[x.key as 'CONTROL'].n })),
      metrics: [{ id: c.id, statistic: c.statistic, cuped: c.cuped, ...(withPrior ? { prior: c.prior } : {}), byArm: new Map(Object.entries(c.arms)) }],
    },
    { alpha: golden.alpha, method, sequentialTuning: c.sequentialTuning },
  );
  return a.metrics[0]!.comparisons[0]!;
}

function checkFrequentist(r: ComparisonReadout, e: Frequentist): void {
  expect(r.notComputable).toBeNull();
  expectLift(r.absoluteLift, e.absolute);
  expectAbs(r.pValue, e.absolute.pValue!);
  expectLift(r.relativeLift, e.relative);
  expectAbs(r.relativePValue, e.relative.pValue!);
}

function checkBayes(r: ComparisonReadout, e: Bayes): void {
  expect(r.notComputable).toBeNull();
  expectLift(r.absoluteLift, e.absolute);
  expectLift(r.relativeLift, e.relative);
  expectAbs(r.chanceToWin, e.chanceToWin);
  expectRisk(r.risk!.control, e.risk.control);
  expectRisk(r.risk!.treatment, e.risk.treatment);
  // and against the 50-digit value (mpmath), relatively, down to double's underflow
  for (const side of ['control', 'treatment'] as const) {
    const exact = e.riskExact[side];
    expect(Math.abs(r.risk![side] - exact)).toBeLessThanOrEqual(Math.max(1e-8 * exact, 1e-300));
  }
  expect(r.pValue).toBeNull();
}

describe.each(golden.cases)('golden: $id ($statistic)', (c) => {
  it('FIXED (Welch) matches gbstats TwoSidedTTest on both scales', () => {
    const r = run(c, 'FIXED', false);
    checkFrequentist(r, c.expected.FIXED);
    if (c.expectedUnadjusted) checkFrequentist(r.cuped!.unadjusted, c.expectedUnadjusted.FIXED);
  });

  it('SEQUENTIAL matches gbstats SequentialTwoSidedTTest on both scales', () => {
    const r = run(c, 'SEQUENTIAL', false);
    checkFrequentist(r, c.expected.SEQUENTIAL);
    if (c.expectedUnadjusted) checkFrequentist(r.cuped!.unadjusted, c.expectedUnadjusted.SEQUENTIAL);
  });

  it('BAYESIAN (flat prior) matches gbstats EffectBayesianABTest', () => {
    const r = run(c, 'BAYESIAN', false);
    checkBayes(r, c.expected.BAYESIAN);
    if (c.expectedUnadjusted) checkBayes(r.cuped!.unadjusted, c.expectedUnadjusted.BAYESIAN);
  });

  it('BAYESIAN with a proper prior on the relative effect matches gbstats', () => {
    const r = run(c, 'BAYESIAN', true);
    checkBayes(r, c.expected.BAYESIAN_PRIOR);
    if (c.expectedUnadjusted) checkBayes(r.cuped!.unadjusted, c.expectedUnadjusted.BAYESIAN_PRIOR);
  });

});

describe.each(golden.cases.filter((c) => c.cuped))('golden: $id', (c) => {
  it('CUPED reduces the variance and reports it beside the unadjusted readout', () => {
    const r = run(c, 'FIXED', false);
    expect(r.cuped!.theta).not.toBeNull();
    const e = c.expected.FIXED.absolute;
    const u = c.expectedUnadjusted!.FIXED.absolute;
    // the CI half-widths' ratio squared, up to the df's effect on t(0.975, df) (both df > 400 here)
    const ratio = ((e.ciUpper - e.ciLower) / (u.ciUpper - u.ciLower)) ** 2;
    expect(r.cuped!.varianceReduction!).toBeGreaterThan(0);
    expect(Math.abs(1 - r.cuped!.varianceReduction! - ratio)).toBeLessThan(1e-3);
  });
});

describe('golden: 100 random comparisons (n 2..100,000, means of either sign, variances over 6 decades)', () => {
  const toCase = (r: RandomCase, i: number): Case => ({
    id: `random ${i}`,
    statistic: 'sample-mean',
    cuped: false,
    prior: r.prior ?? { mean: 0, variance: 1 },
    sequentialTuning: 5000,
    arms: r.arms,
    expected: r.expected as Readouts,
  });

  it.each(['FIXED', 'SEQUENTIAL'] as const)('%s matches gbstats on every case, both scales', (method) => {
    golden.randomCases.forEach((r, i) => checkFrequentist(run(toCase(r, i), method, false), r.expected[method]));
  });

  it('BAYESIAN matches gbstats on every case (flat prior, and a proper prior on every tenth)', () => {
    golden.randomCases.forEach((r, i) => {
      checkBayes(run(toCase(r, i), 'BAYESIAN', false), r.expected.BAYESIAN);
      if (r.prior) checkBayes(run(toCase(r, i), 'BAYESIAN', true), r.expected.BAYESIAN_PRIOR!);
    });
    expect(golden.randomCases.filter((r) => r.prior).length).toBeGreaterThanOrEqual(5);
  });
});

describe('golden: 20 random ratio and 20 random CUPED comparisons from raw values (n 5..3,000)', () => {
  it.each(['FIXED', 'SEQUENTIAL', 'BAYESIAN'] as const)('%s matches gbstats (RatioStatistic, RegressionAdjustedStatistic)', (method) => {
    golden.randomPairedCases.forEach((r, i) => {
      const c: Case = {
        id: `${r.kind} ${i}`,
        statistic: r.kind === 'ratio' ? 'ratio' : 'sample-mean',
        cuped: r.kind === 'cuped',
        prior: { mean: 0, variance: 1 },
        sequentialTuning: 5000,
        arms: r.arms,
        expected: r.expected as Readouts,
      };
      const got = run(c, method, false);
      if (method === 'BAYESIAN') checkBayes(got, r.expected.BAYESIAN);
      else checkFrequentist(got, r.expected[method]);
    });
    expect(golden.randomPairedCases.map((r) => r.kind).filter((k) => k === 'cuped')).toHaveLength(20);
  });
});

describe('golden: a three-arm CUPED metric', () => {
  it('each treatment arm matches gbstats’ pairwise regression adjustment (θ pooled over the compared pair)', () => {
    const g = golden.threeArmCuped;
    const arms = Object.keys(g.arms).map((key) => ({ key, control: key === 'CONTROL', subjects: g.arms[key]!.n, expectedShare: 1 / 3 }));
    const a = analyze({ arms, metrics: [{ id: 'm', statistic: 'sample-mean', cuped: true, byArm: new Map(Object.entries(g.arms)) }] }, { alpha: golden.alpha });
    const [b, c] = a.metrics[0]!.comparisons;
    checkFrequentist(b!, g.expected.B);
    checkFrequentist(c!, g.expected.C);
    expect(b!.cuped!.theta).not.toBe(c!.cuped!.theta);
  });
});

describe('golden: comparisons gbstats refuses are not computable here, under every method', () => {
  it.each(golden.refused)('$label ($gbstatsError)', (r) => {
    for (const method of ['FIXED', 'SEQUENTIAL', 'BAYESIAN'] as const) {
      const c = run({ id: r.label, statistic: 'sample-mean', cuped: false, prior: { mean: 0, variance: 1 }, sequentialTuning: 5000, arms: r.arms, expected: {} as Readouts }, method, false);
      expect(c.notComputable).not.toBeNull();
      expect(c.significant).toBe(false);
      expect(c.pValue).toBeNull();
    }
  });
});

describe('golden: sample-ratio checks', () => {
  it.each(golden.srm)('sampleRatioTest $observed against $shares matches gbstats check_srm', (s) => {
    expectAbs(sampleRatioTest(s.observed, s.shares).pValue, s.pValue);
  });

  it('the per-cohort test sums each cohort’s χ² (SciPy chisquare) with summed df', () => {
    const g = golden.cohortSrm;
    const r = cohortSampleRatioTest(g.cohorts.map((c) => ({ observed: c.observed, expectedShares: c.shares })));
    expectRel(r.chiSquare, g.chiSquare, 1e-12);
    expect(r.degreesOfFreedom).toBe(g.degreesOfFreedom);
    expectAbs(r.pValue, g.pValue);
  });
});

describe('golden: multiple-testing corrections over primary metrics × treatment arms', () => {
  const { metrics, comparisons } = golden.corrections;
  const arms = ['CONTROL', 'B', 'C'].map((key) => ({ key, control: key === 'CONTROL', subjects: 600, expectedShare: 1 / 3 }));
  const input = {
    arms,
    metrics: [
      ...metrics.map((m) => ({ id: m.id, statistic: 'sample-mean' as const, primary: true, byArm: new Map(Object.entries(m.arms)) })),
      // a secondary metric is outside the family: no adjusted figures, and it does not change m
      { id: 'secondary', statistic: 'sample-mean' as const, byArm: new Map(Object.entries(metrics[0]!.arms)) },
    ],
  };

  it.each([
    ['HOLM', 'FIXED'],
    ['BH', 'FIXED'],
    ['HOLM', 'SEQUENTIAL'],
    ['BH', 'SEQUENTIAL'],
  ] as const)('%s, %s: adjusted p-values (SciPy / Holm 1979) and intervals at level alpha·p/p̃ (SciPy t, gbstats sequences)', (correction, method) => {
    const a = analyze(input, { alpha: golden.alpha, correction, method });
    for (const e of method === 'FIXED' ? comparisons : golden.corrections.sequential) {
      const c = a.metrics.find((m) => m.id === e.metric)!.comparisons.find((x) => x.key === e.arm)!;
      expectAbs(c.pValue, e.pValue);
      expectAbs(c.adjustedPValue, e[correction].adjustedPValue);
      expectRel(c.adjusted!.absoluteLift.ciLower, e[correction].absolute[0]);
      expectRel(c.adjusted!.absoluteLift.ciUpper, e[correction].absolute[1]);
      expectRel(c.adjusted!.relativeLift!.ciLower, e[correction].relative[0]);
      expectRel(c.adjusted!.relativeLift!.ciUpper, e[correction].relative[1]);
      expect(c.significant).toBe(e[correction].adjustedPValue < golden.alpha);
      // the adjusted interval excludes 0 exactly when the adjusted p-value is below alpha
      expect(c.adjusted!.absoluteLift.ciLower! > 0 || c.adjusted!.absoluteLift.ciUpper! < 0).toBe(c.significant);
    }
    const secondary = a.metrics.find((m) => m.id === 'secondary')!.comparisons;
    for (const c of secondary) {
      expect(c.adjustedPValue).toBeNull();
      expect(c.adjusted).toBeNull();
    }
  });
});
