/**
 * stats/analyze.ts, the pure entry (readout + settings → comparisons), and the statistic kinds it
 * dispatches to. Expected values are computed here from raw per-unit values with plain two-pass
 * formulas (an independent path from the sufficient statistics the code reads); Welch's test
 * itself is checked against SciPy goldens in stats.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { analyze, proportion, ratioOfMeans, sampleMean, welchTest, type SufficientStatistics } from '../../src/stats/index.js';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: number[]) => sum(xs) / xs.length;
/** Two-pass sample variance. */
const variance = (xs: number[]) => {
  const m = mean(xs);
  return xs.length < 2 ? 0 : sum(xs.map((x) => (x - m) ** 2)) / (xs.length - 1);
};
const covariance = (xs: number[], ys: number[]) => {
  const mx = mean(xs);
  const my = mean(ys);
  return sum(xs.map((x, i) => (x - mx) * (ys[i]! - my))) / (xs.length - 1);
};
/** Sufficient statistics of raw values, as the warehouse computes them (variance two-pass here). */
function sufficient(xs: number[], ys?: number[]): SufficientStatistics {
  return {
    n: xs.length,
    sum: sum(xs),
    sumSquares: sum(xs.map((x) => x * x)),
    variance: variance(xs),
    ...(ys
      ? { paired: { sumY: sum(ys), sumYSquares: sum(ys.map((y) => y * y)), sumXY: sum(xs.map((x, i) => x * ys[i]!)), varianceY: variance(ys), covariance: covariance(xs, ys) } }
      : {}),
  };
}
function expectRel(actual: number | null, expected: number, rel = 1e-12) {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
}

const CONTROL = [3.2, 1.5, 4.8, 2.0, 9.1, 0.4, 5.5, 0, 0, 2.2];
const TREATMENT = [4.1, 2.5, 6.8, 3.0, 9.9, 1.4, 7.5, 0, 3.3, 2.9, 5.0];
const CONV_C = [1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0];
const CONV_T = [1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1];

const arms = [
  { key: 'CONTROL', control: true, subjects: 12, expectedShare: 0.5 },
  { key: 'TREATMENT', control: false, subjects: 13, expectedShare: 0.5 },
];

describe('analyze', () => {
  const analysis = analyze(
    {
      arms,
      metrics: [
        { id: 'revenue', statistic: 'sample-mean', byArm: new Map([['CONTROL', sufficient(CONTROL)], ['TREATMENT', sufficient(TREATMENT)]]) },
        { id: 'converted', statistic: 'proportion', byArm: new Map([['CONTROL', sufficient(CONV_C)], ['TREATMENT', sufficient(CONV_T)]]) },
      ],
    },
    { alpha: 0.05 },
  );

  it('estimates each arm: sample mean and proportion, from the sufficient statistics', () => {
    const [revenue, converted] = analysis.metrics;
    expect(revenue!.arms.map((a) => a.key)).toEqual(['CONTROL', 'TREATMENT']);
    for (const [arm, xs] of [[revenue!.arms[0]!, CONTROL], [revenue!.arms[1]!, TREATMENT], [converted!.arms[0]!, CONV_C], [converted!.arms[1]!, CONV_T]] as const) {
      expect(arm.n).toBe(xs.length);
      expectRel(arm.sum, sum([...xs]));
      expectRel(arm.mean, mean([...xs]));
      expectRel(arm.variance, variance([...xs]));
    }
  });

  it('compares each treatment with the control by the fixed-horizon Welch test at alpha', () => {
    const [revenue] = analysis.metrics;
    const expected = welchTest(
      { n: TREATMENT.length, mean: mean(TREATMENT), variance: variance(TREATMENT) },
      { n: CONTROL.length, mean: mean(CONTROL), variance: variance(CONTROL) },
      0.05,
    );
    expect(revenue!.comparisons).toHaveLength(1);
    const c = revenue!.comparisons[0]!;
    expect(c.key).toBe('TREATMENT');
    expectRel(c.absoluteLift.estimate, expected.absoluteLift.estimate);
    expectRel(c.absoluteLift.ciLower, expected.absoluteLift.ciLower!, 1e-10);
    expectRel(c.pValue, expected.pValue!, 1e-10);
    expect(c.significant).toBe(expected.pValue! < 0.05);
    expectRel(c.relativeLift!.estimate, expected.relativeLift!.estimate);
  });

  it('the interval follows alpha; the estimates do not', () => {
    const input = { arms, metrics: [{ id: 'r', statistic: 'sample-mean' as const, byArm: new Map([['CONTROL', sufficient(CONTROL)], ['TREATMENT', sufficient(TREATMENT)]]) }] };
    const wide = analyze(input, { alpha: 0.01 }).metrics[0]!.comparisons[0]!;
    const narrow = analyze(input, { alpha: 0.2 }).metrics[0]!.comparisons[0]!;
    expect(wide.absoluteLift.estimate).toBe(narrow.absoluteLift.estimate);
    expect(wide.pValue).toBe(narrow.pValue);
    expect(wide.absoluteLift.ciUpper! - wide.absoluteLift.ciLower!).toBeGreaterThan(narrow.absoluteLift.ciUpper! - narrow.absoluteLift.ciLower!);
  });

  it('reports exposures with observed shares and the sample-ratio check (mismatch at p < 0.001)', () => {
    expect(analysis.exposures).toEqual([
      { key: 'CONTROL', subjects: 12, expectedShare: 0.5, observedShare: 12 / 25 },
      { key: 'TREATMENT', subjects: 13, expectedShare: 0.5, observedShare: 13 / 25 },
    ]);
    expect(analysis.sampleRatio.mismatch).toBe(false);
    const skewed = analyze({ arms: [{ ...arms[0]!, subjects: 1000 }, { ...arms[1]!, subjects: 1150 }], metrics: [] }, { alpha: 0.05 });
    // χ² = (75² + 75²) / 1075 = 10.47 → p = 0.0012: not yet a mismatch; 1160 → p < 0.001.
    expect(skewed.sampleRatio.pValue).toBeGreaterThan(0.001);
    expect(skewed.sampleRatio.mismatch).toBe(false);
    const mismatched = analyze({ arms: [{ ...arms[0]!, subjects: 1000 }, { ...arms[1]!, subjects: 1160 }], metrics: [] }, { alpha: 0.05 });
    expect(mismatched.sampleRatio.pValue).toBeLessThan(0.001);
    expect(mismatched.sampleRatio.mismatch).toBe(true);
  });

  it('reads an arm missing from the readout as no units (no inference), and keeps every arm in order', () => {
    const three = [...arms, { key: 'B', control: false, subjects: 0, expectedShare: 0 }];
    const a = analyze({ arms: three, metrics: [{ id: 'r', statistic: 'sample-mean', byArm: new Map([['CONTROL', sufficient(CONTROL)]]) }] }, { alpha: 0.05 });
    const m = a.metrics[0]!;
    expect(m.arms.map((x) => [x.key, x.n, x.mean, x.variance, x.sum])).toEqual([
      ['CONTROL', CONTROL.length, mean(CONTROL), variance(CONTROL), sum(CONTROL)],
      ['TREATMENT', 0, 0, 0, 0],
      ['B', 0, 0, 0, 0],
    ]);
    expect(m.comparisons.map((c) => [c.key, c.notComputable, c.pValue, c.significant])).toEqual([['TREATMENT', 'TOO_FEW_UNITS', null, false], ['B', 'TOO_FEW_UNITS', null, false]]);
  });

  it('refuses a readout without exactly one control, and alpha outside (0, 1)', () => {
    expect(() => analyze({ arms: arms.map((a) => ({ ...a, control: false })), metrics: [] }, { alpha: 0.05 })).toThrow(RangeError);
    expect(() => analyze({ arms: arms.map((a) => ({ ...a, control: true })), metrics: [] }, { alpha: 0.05 })).toThrow(RangeError);
    for (const alpha of [0, 1, -0.1, Number.NaN]) expect(() => analyze({ arms, metrics: [] }, { alpha })).toThrow(RangeError);
  });
});

describe('statistic kinds', () => {
  it('sample mean prefers the stable variance: Σx² cancels for a large mean, the stable column does not', () => {
    // Values around 1e9 with spread 1: the textbook formula loses every digit of the variance.
    const xs = [1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4];
    const s = sufficient(xs);
    expectRel(sampleMean(s).variance, 5 / 3);
    expect(Math.abs(sampleMean({ ...s, variance: undefined }).variance - 5 / 3)).toBeGreaterThan(0.01);
  });

  it('proportion is p and p(1 − p)·n/(n − 1) from n and Σx alone', () => {
    expect(proportion({ n: 0, sum: 0 })).toEqual({ n: 0, mean: 0, variance: 0 });
    expect(proportion({ n: 1, sum: 1 })).toEqual({ n: 1, mean: 1, variance: 0 });
    const p = proportion({ n: CONV_T.length, sum: sum(CONV_T) });
    expectRel(p.mean, mean(CONV_T));
    expectRel(p.variance, variance(CONV_T));
    expect(() => proportion({ n: 3, sum: 4 })).toThrow(RangeError);
    expect(() => proportion({ n: 3, sum: -1 })).toThrow(RangeError);
  });

  it('ratio of means with the delta-method variance, from the paired sums', () => {
    const xs = [12.5, 0, 30, 7.25, 0, 18, 44.1, 3];
    const ys = [1, 0, 2, 1, 1, 2, 3, 1];
    const r = ratioOfMeans(sufficient(xs, ys));
    const R = sum(xs) / sum(ys);
    const my = mean(ys);
    // Var(R̂)·n = (var x − 2R cov + R² var y) / ȳ², from two-pass moments.
    const perUnit = (variance(xs) - 2 * R * covariance(xs, ys) + R * R * variance(ys)) / (my * my);
    expect(r.n).toBe(xs.length);
    expectRel(r.mean, R);
    expectRel(r.variance, perUnit, 1e-10);
  });

  it('ratio of an arm whose denominator sums to 0 infers nothing; missing paired sums are an error', () => {
    expect(ratioOfMeans(sufficient([1, 2], [0, 0]))).toEqual({ n: 0, mean: 0, variance: 0 });
    expect(() => ratioOfMeans(sufficient([1, 2]))).toThrow(RangeError);
  });

  it('ratio metrics run through analyze like any other kind', () => {
    const a = analyze(
      {
        arms,
        metrics: [{ id: 'aov', statistic: 'ratio', byArm: new Map([['CONTROL', sufficient([10, 20, 30], [1, 2, 2])], ['TREATMENT', sufficient([15, 25, 45, 5], [1, 2, 3, 1])]]) }],
      },
      { alpha: 0.05 },
    );
    expectRel(a.metrics[0]!.arms[0]!.mean, 60 / 5);
    expectRel(a.metrics[0]!.arms[1]!.mean, 90 / 7);
    expectRel(a.metrics[0]!.comparisons[0]!.absoluteLift.estimate, 90 / 7 - 60 / 5);
  });
});
