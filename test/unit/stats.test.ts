/**
 * Unit tests for src/stats.
 *
 * The golden numbers come from an independent implementation, never from the code under test:
 * test/unit/reference/stats_reference.py. That script uses SciPy 1.17 (scipy.stats.t, ttest_ind
 * with equal_var=False, chi2, chisquare) and checks every t-distribution p-value and quantile a
 * second time against mpmath's 50-digit regularized incomplete beta function. The relative-lift CIs
 * are the delta-method formula of Liftgate design §4, written out by hand in that script. The
 * summaries are a plain two-pass mean/variance. Run `python3 test/unit/reference/stats_reference.py`
 * to print every number below. Each constant names the section of that output it comes from.
 */
import { describe, expect, it } from 'vitest';

import { SRM_P_THRESHOLD, sampleRatioTest, summarize, welchTest, type SampleSummary } from '../../src/stats/index.js';

/** Checks |actual − expected| ≤ rel·|expected| (rel = 1e-9 checks about 9 significant digits). */
function expectRel(actual: number | null, expected: number, rel = 1e-9): void {
  expect(actual).not.toBeNull();
  expect(Number.isFinite(actual)).toBe(true);
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

/** Checks that no number anywhere inside `value` is NaN. */
function expectNoNaN(value: unknown): void {
  const json = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && Number.isNaN(v) ? 'NaN!' : v));
  expect(json).not.toContain('NaN!');
}

describe('summarize', () => {
  it('matches a two-pass mean / sample variance on a small array', () => {
    // reference "--- summarize": xs = [3.2, 1.5, 4.8, 2.0, 9.1, 0.4, 5.5]; two-pass mean and
    // Σ(x−mean)²/(n−1), with numpy var(ddof=1) as a cross-check
    const xs = [3.2, 1.5, 4.8, 2.0, 9.1, 0.4, 5.5];
    const s = summarize({
      n: xs.length,
      sum: xs.reduce((a, x) => a + x, 0),
      sumSquares: xs.reduce((a, x) => a + x * x, 0),
    });
    expect(s.n).toBe(7);
    expectRel(s.mean, 3.7857142857142856, 1e-14);
    expectRel(s.variance, 8.738095238095237, 1e-12);
  });

  it('clamps a tiny negative variance from cancellation to 0', () => {
    // Three copies of 0.1: the exact variance is 0. sumSquares is nudged below sum²/n, as
    // floating-point cancellation can do.
    const s = summarize({ n: 3, sum: 0.30000000000000004, sumSquares: 0.03 - 1e-17 });
    expect(s.variance).toBe(0);
    expect(Object.is(s.variance, -0)).toBe(false);
  });

  it('returns variance 0 for n < 2 and mean 0 for n = 0', () => {
    expect(summarize({ n: 0, sum: 0, sumSquares: 0 })).toEqual({ n: 0, mean: 0, variance: 0 });
    expect(summarize({ n: 1, sum: 4.5, sumSquares: 20.25 })).toEqual({ n: 1, mean: 4.5, variance: 0 });
  });

  it('rejects a negative or fractional n and non-finite sums', () => {
    expect(() => summarize({ n: -1, sum: 0, sumSquares: 0 })).toThrow(RangeError);
    expect(() => summarize({ n: 2.5, sum: 0, sumSquares: 0 })).toThrow(RangeError);
    expect(() => summarize({ n: 2, sum: NaN, sumSquares: 0 })).toThrow(RangeError);
  });
});

describe('welchTest', () => {
  // reference "--- welch small unequal": summaries of the raw arrays in the script (two-pass, ddof=1).
  // n_t=18 with a large variance, n_c=23 with a small one. SciPy's ttest_ind(equal_var=False)
  // gives the same t, df, p and 95% CI.
  const treatment: SampleSummary = { n: 18, mean: 21.705555555555556, variance: 28.194673202614375 };
  const control: SampleSummary = { n: 23, mean: 22.900000000000002, variance: 2.6818181818181825 };

  it('matches SciPy on unequal variances and sizes (alpha = 0.05)', () => {
    const r = welchTest(treatment, control, 0.05);
    expectRel(r.standardError, 1.2972939235163365, 1e-12);
    expectRel(r.degreesOfFreedom, 19.541490502347834, 1e-12);
    expectRel(r.absoluteLift.estimate / r.standardError!, -0.9207199870380068, 1e-12); // t statistic
    expectRel(r.pValue, 0.3684240176334336, 1e-9);
    expectRel(r.absoluteLift.estimate, -1.1944444444444464, 1e-12);
    expectRel(r.absoluteLift.ciLower, -3.9046283797989934, 1e-9);
    expectRel(r.absoluteLift.ciUpper, 1.5157394909101005, 1e-9);
    expect(r.significant).toBe(false);
  });

  it('matches the hand-written delta-method relative-lift CI (alpha = 0.05)', () => {
    // reference "rel:" line: r = d/m_c, half-width = t(0.975, df)·√(v_t/(n_t m_c²) + m_t² v_c/(n_c m_c⁴))
    const rel = welchTest(treatment, control, 0.05).relativeLift;
    expect(rel).not.toBeNull();
    expectRel(rel!.estimate, -0.052159146045609006, 1e-12);
    expectRel(rel!.ciLower, -0.17009052809290015, 1e-9);
    expectRel(rel!.ciUpper, 0.06577223600168214, 1e-9);
  });

  it('uses t(1 − alpha/2, df) for both CIs (alpha = 0.01)', () => {
    // reference "--- welch small unequal alpha=0.01": critical value 2.8522733240346683
    const r = welchTest(treatment, control, 0.01);
    expectRel(r.pValue, 0.3684240176334336, 1e-9);
    expectRel(r.absoluteLift.ciLower, -4.894681295922364, 1e-9);
    expectRel(r.absoluteLift.ciUpper, 2.5057924070334714, 1e-9);
    expectRel(r.relativeLift!.ciLower, -0.21317185079401255, 1e-9);
    expectRel(r.relativeLift!.ciUpper, 0.10885355870279453, 1e-9);
  });

  it('matches SciPy on large samples, where t is close to normal', () => {
    // reference "--- welch large": conversion-like metric, n ≈ 50k per arm
    const r = welchTest(
      { n: 50000, mean: 0.1043, variance: 0.0934 },
      { n: 48000, mean: 0.101, variance: 0.0908 },
      0.05,
    );
    expectRel(r.degreesOfFreedom, 97928.1407946139, 1e-12);
    expectRel(r.standardError, 0.0019389859892909663, 1e-12);
    expectRel(r.pValue, 0.0887734467818457, 1e-9);
    expectRel(r.absoluteLift.ciLower, -0.0005003896772923233, 1e-8);
    expectRel(r.absoluteLift.ciUpper, 0.007100389677292318, 1e-9);
    expectRel(r.relativeLift!.estimate, 0.03267326732673265, 1e-12);
    expectRel(r.relativeLift!.ciLower, -0.005577870823769593, 1e-8);
    expectRel(r.relativeLift!.ciUpper, 0.07092440547723489, 1e-9);
    expect(r.significant).toBe(false);
    // normal-approximation p from the same script: 0.08877027271665684 (agrees to within 1e-4)
    expect(Math.abs(r.pValue! - 0.08877027271665684)).toBeLessThan(1e-4);
  });

  it('is antisymmetric: swapping arms flips d and keeps p and df', () => {
    const ab = welchTest(treatment, control, 0.05);
    const ba = welchTest(control, treatment, 0.05);
    expectRel(ba.absoluteLift.estimate, -ab.absoluteLift.estimate, 1e-14);
    expectRel(ba.pValue, ab.pValue!, 1e-14);
    expectRel(ba.degreesOfFreedom, ab.degreesOfFreedom!, 1e-14);
  });

  describe('degenerate cases (never NaN, never significant without a valid test)', () => {
    it('n < 2 in an arm: not computable (TOO_FEW_UNITS), p null, bounds null, not significant', () => {
      for (const [tr, ct] of [
        [{ n: 1, mean: 5, variance: 0 }, { n: 100, mean: 4, variance: 2 }],
        [{ n: 100, mean: 5, variance: 2 }, { n: 0, mean: 0, variance: 0 }],
        [{ n: 0, mean: 0, variance: 0 }, { n: 0, mean: 0, variance: 0 }],
      ] satisfies [SampleSummary, SampleSummary][]) {
        const r = welchTest(tr, ct, 0.05);
        expectNoNaN(r);
        expect(r.notComputable).toBe('TOO_FEW_UNITS');
        expect(r.pValue).toBeNull();
        expect(r.relativePValue).toBeNull();
        expect(r.significant).toBe(false);
        expect(r.standardError).toBeNull();
        expect(r.degreesOfFreedom).toBeNull();
        expect(r.absoluteLift).toEqual({ estimate: tr.mean - ct.mean, ciLower: null, ciUpper: null });
      }
    });

    it('defect: two constant arms (control 0/3, treatment 3/3) were p = 0 and significant; now ZERO_VARIANCE', () => {
      // proportion(): 0/3 → mean 0, variance 0; 3/3 → mean 1, variance 0. Before issue 10: p = 0.
      const r = welchTest({ n: 3, mean: 1, variance: 0 }, { n: 3, mean: 0, variance: 0 }, 0.05);
      expectNoNaN(r);
      expect(r.notComputable).toBe('ZERO_VARIANCE');
      expect(r.pValue).toBeNull();
      expect(r.significant).toBe(false);
      expect(r.absoluteLift).toEqual({ estimate: 1, ciLower: null, ciUpper: null });
      expect(r.relativeLift).toBeNull(); // control mean 0
      const equal = welchTest({ n: 10, mean: 3, variance: 0 }, { n: 12, mean: 3, variance: 0 }, 0.05);
      expect(equal.notComputable).toBe('ZERO_VARIANCE');
      expect(equal.significant).toBe(false);
    });

    it('defect: an all-zero arm (control 2/200, treatment 0/200) gave the relative CI [−1, −1]; now ZERO_VARIANCE', () => {
      const c = { n: 200, mean: 2 / 200, variance: ((2 / 200) * (198 / 200) * 200) / 199 };
      const r = welchTest({ n: 200, mean: 0, variance: 0 }, c, 0.05);
      expectNoNaN(r);
      expect(r.notComputable).toBe('ZERO_VARIANCE');
      expect(r.relativeLift).toEqual({ estimate: -1, ciLower: null, ciUpper: null });
      expect(r.relativePValue).toBeNull();
      expect(r.significant).toBe(false);
    });

    it('defect: a tiny control mean (1e-80) gave ±Infinity/NaN relative bounds; now finite or null', () => {
      for (const mc of [1e-80, -1e-80, 1e-200, 5e-324]) {
        const r = welchTest({ n: 50, mean: 0.5, variance: 0.25 }, { n: 50, mean: mc, variance: 0.25 }, 0.05);
        expectNoNaN(r);
        expect(r.notComputable).toBeNull();
        if (r.relativeLift) {
          for (const x of [r.relativeLift.estimate, r.relativeLift.ciLower, r.relativeLift.ciUpper, r.relativePValue]) expect(Number.isFinite(x)).toBe(true);
        } else {
          expect(r.relativePValue).toBeNull();
        }
      }
      // 1e-80 itself stays finite (the SE is computed without forming m_c⁻⁴)
      const r = welchTest({ n: 50, mean: 0.5, variance: 0.25 }, { n: 50, mean: 1e-80, variance: 0.25 }, 0.05);
      expect(r.relativeLift).not.toBeNull();
      expect(Number.isFinite(r.relativeLift!.ciUpper)).toBe(true);
    });

    it('defect: with a negative control mean the relative lift had the opposite sign; it divides by |m_c|', () => {
      const r = welchTest({ n: 40, mean: -1, variance: 4 }, { n: 40, mean: -2, variance: 4 }, 0.05);
      expect(r.absoluteLift.estimate).toBe(1);
      expect(r.relativeLift!.estimate).toBe(0.5); // (−1 − (−2)) / |−2|, same sign as the absolute lift
      expect(Math.sign(r.relativeLift!.ciLower!)).toBe(Math.sign(r.absoluteLift.ciLower!));
    });

    it('defect: relative CI and significance disagreed (100/1000 vs 130/1000); the relative lift has its own p', () => {
      const arm = (k: number) => ({ n: 1000, mean: k / 1000, variance: ((k / 1000) * (1 - k / 1000) * 1000) / 999 });
      const r = welchTest(arm(130), arm(100), 0.05);
      expect(r.pValue!).toBeLessThan(0.05);
      expect(r.significant).toBe(true);
      // before: relative CI [−0.0195, 0.62] with p = 0.0355. Now the relative CI excludes 0 iff its own p < alpha.
      const rel = r.relativeLift!;
      expect(rel.ciLower! > 0 || rel.ciUpper! < 0).toBe(r.relativePValue! < 0.05);
      for (const alpha of [0.01, 0.05, 0.1, 0.2]) {
        const x = welchTest(arm(130), arm(100), alpha);
        expect(x.relativeLift!.ciLower! > 0).toBe(x.relativePValue! < alpha);
        expect(x.absoluteLift.ciLower! > 0).toBe(x.pValue! < alpha);
      }
    });

    it('control mean 0 gives relativeLift null, and the absolute lift is still computed', () => {
      const r = welchTest({ n: 30, mean: 0.5, variance: 1 }, { n: 30, mean: 0, variance: 1 }, 0.05);
      expectNoNaN(r);
      expect(r.relativeLift).toBeNull();
      expect(r.relativePValue).toBeNull();
      expect(r.absoluteLift.ciLower!).toBeLessThan(r.absoluteLift.estimate);
      expect(r.pValue!).toBeGreaterThan(0);
      expect(r.pValue!).toBeLessThan(1);
    });

    it('variances so small that v/n underflows to 0 are ZERO_VARIANCE, not p = 0', () => {
      const r = welchTest({ n: 10, mean: 1, variance: 5e-324 }, { n: 10, mean: 0.5, variance: 5e-324 }, 0.05);
      expectNoNaN(r);
      expect(r.notComputable).toBe('ZERO_VARIANCE');
      expect(r.significant).toBe(false);
    });

    it('a tiny variance does not underflow the df', () => {
      const r = welchTest({ n: 10, mean: 1e-160, variance: 1e-320 }, { n: 10, mean: 0, variance: 1e-320 }, 0.05);
      expectNoNaN(r);
      expect(r.degreesOfFreedom!).toBeCloseTo(18, 10);
    });
  });

  it('validates alpha in (0, 1)', () => {
    for (const alpha of [0, 1, -0.05, 1.5, NaN, Infinity]) {
      expect(() => welchTest(treatment, control, alpha)).toThrow(RangeError);
    }
    expect(() => welchTest(treatment, control, 0.5)).not.toThrow();
  });

  it('rejects invalid summaries', () => {
    expect(() => welchTest({ n: 10, mean: 1, variance: -1 }, control, 0.05)).toThrow(RangeError);
    expect(() => welchTest(treatment, { n: 10, mean: NaN, variance: 1 }, 0.05)).toThrow(RangeError);
    expect(() => welchTest(treatment, { n: -3, mean: 1, variance: 1 }, 0.05)).toThrow(RangeError);
  });
});

describe('sampleRatioTest', () => {
  const third = 1 / 3;

  it('exports the SRM threshold', () => {
    expect(SRM_P_THRESHOLD).toBe(0.001);
  });

  it('balanced 3-way split: no mismatch', () => {
    // reference "--- srm balanced 3-way" (scipy.stats.chisquare)
    const r = sampleRatioTest([3334, 3301, 3365], [third, third, third]);
    expectRel(r.chiSquare, 0.6146, 1e-12);
    expectRel(r.pValue, 0.7354299388279479, 1e-9);
    expect(r.degreesOfFreedom).toBe(2);
    expect(r.mismatch).toBe(false);
  });

  it('skewed 3-way split: mismatch', () => {
    // reference "--- srm skewed 3-way"
    const r = sampleRatioTest([3500, 3150, 3350], [third, third, third]);
    expectRel(r.chiSquare, 18.5, 1e-12);
    expectRel(r.pValue, 9.611165206139472e-5, 1e-9);
    expect(r.degreesOfFreedom).toBe(2);
    expect(r.mismatch).toBe(true);
  });

  it('unequal configured shares (50/25/25)', () => {
    // reference "--- srm unequal shares ok"
    const r = sampleRatioTest([5040, 2470, 2490], [0.5, 0.25, 0.25]);
    expectRel(r.chiSquare, 0.72, 1e-12);
    expectRel(r.pValue, 0.697676326071031, 1e-9);
    expect(r.mismatch).toBe(false);
  });

  it('2-way split on either side of the threshold', () => {
    // reference "--- srm two-way 50/50 mismatch" and "... below threshold"
    const bad = sampleRatioTest([10250, 9750], [0.5, 0.5]);
    expectRel(bad.chiSquare, 12.5, 1e-12);
    expectRel(bad.pValue, 0.00040695201744495946, 1e-9);
    expect(bad.degreesOfFreedom).toBe(1);
    expect(bad.mismatch).toBe(true);
    const ok = sampleRatioTest([10200, 9800], [0.5, 0.5]);
    expectRel(ok.pValue, 0.004677734981047276, 1e-9);
    expect(ok.mismatch).toBe(false);
  });

  it('defect: a share-0 arm dropped its subjects; they now stay in the total (gbstats check_srm)', () => {
    // [500, 480, 222] against [.5, .5, 0]: total 1202, E = 601 each, χ² = (101² + 121²)/601, df = 2 → p ≈ 1e-9.
    // Before issue 10 the 222 were dropped: χ² = (10² + 10²)/490 ≈ 0.41, no mismatch.
    const r = sampleRatioTest([500, 480, 222], [0.5, 0.5, 0]);
    expectRel(r.chiSquare, (101 * 101 + 121 * 121) / 601, 1e-12);
    expect(r.degreesOfFreedom).toBe(2);
    expect(r.pValue).toBeLessThan(1e-8);
    expect(r.mismatch).toBe(true);
  });

  it('an arm outside the split with nobody in it is not part of the test', () => {
    // reference "--- srm zero-share arm skipped": only [6100, 3900] against 60/40, df = 1
    const r = sampleRatioTest([6100, 0, 3900], [0.6, 0, 0.4]);
    expectRel(r.chiSquare, 4.166666666666667, 1e-12);
    expectRel(r.pValue, 0.041226833337163815, 1e-9);
    expect(r.degreesOfFreedom).toBe(1);
    expect(r.mismatch).toBe(false);
  });

  it('normalizes shares given as weights (percentages) rather than fractions', () => {
    const r = sampleRatioTest([3500, 3150, 3350], [1, 1, 1]);
    expectRel(r.chiSquare, 18.5, 1e-12);
    expectRel(r.pValue, 9.611165206139472e-5, 1e-9);
  });

  it('total 0 gives chi-square 0, p 1, no mismatch', () => {
    expect(sampleRatioTest([0, 0, 0], [third, third, third])).toEqual({
      chiSquare: 0,
      pValue: 1,
      degreesOfFreedom: 2,
      mismatch: false,
    });
  });

  it('a perfect split gives p = 1', () => {
    const r = sampleRatioTest([500, 250, 250], [0.5, 0.25, 0.25]);
    expect(r.chiSquare).toBe(0);
    expect(r.pValue).toBe(1);
  });

  it('rejects mismatched lengths, negative counts and all-zero shares', () => {
    expect(() => sampleRatioTest([1, 2], [0.5, 0.25, 0.25])).toThrow(RangeError);
    expect(() => sampleRatioTest([1, -2], [0.5, 0.5])).toThrow(RangeError);
    expect(() => sampleRatioTest([1, 2], [0, 0])).toThrow(RangeError);
    expect(() => sampleRatioTest([1, 2], [0.5, NaN])).toThrow(RangeError);
  });
});
