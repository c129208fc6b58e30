/**
 * The fixed-horizon test: Welch's unequal-variance t-test for the difference of two arm means,
 * plus the delta-method CI for the relative lift (Liftgate design §4). Takes any statistic kind's
 * estimate (n, mean, per-unit variance): sample mean, proportion or ratio alike.
 *
 * Sources: Welch (1947), "The generalization of 'Student's' problem when several different
 * population variances are involved", Biometrika 34(1–2); the Welch–Satterthwaite degrees of
 * freedom, Satterthwaite (1946), Biometrics Bulletin 2(6); the relative lift's delta-method
 * variance, Deng, Knoblich & Lu (2018), KDD '18, §3, as in gbstats' frequentist TwoSidedTTest.
 * Golden values: test/unit/reference/stats_reference.py (scipy).
 */
import normal from '@stdlib/stats-base-dists-normal';
import t from '@stdlib/stats-base-dists-t';

import type { SampleSummary } from '../statistics/types.js';

/** A point estimate and its two-sided (1−α) confidence interval, all in the estimate's units. */
export type Estimate = { estimate: number; ciLower: number; ciUpper: number };

/** Result of welchTest. absoluteLift is in metric units; relativeLift is a fraction (0.05 = +5%). */
export type WelchResult = {
  absoluteLift: Estimate;
  relativeLift: Estimate | null;
  pValue: number;
  degreesOfFreedom: number;
  standardError: number;
  significant: boolean;
};

/**
 * Above this df, Student's t is replaced by the standard normal (the two differ by less than 1e-12).
 * The guard exists because @stdlib's t.quantile returns 0 at df ≳ 1e17, and t.cdf(x, Infinity)
 * returns 0.5 for every x.
 */
const NORMAL_APPROX_DF = 1e12;

/** Two-sided p-value P(|T_df| ≥ |stat|) = 2·F_t(−|stat|; df), taken from the lower tail so small p keeps its precision. */
function twoSidedP(stat: number, df: number): number {
  const lower = df > NORMAL_APPROX_DF ? normal.cdf(-Math.abs(stat), 0, 1) : t.cdf(-Math.abs(stat), df);
  return Math.min(1, 2 * lower);
}

/** Critical value t(1−α/2, df) for a two-sided (1−α) interval (standard normal above NORMAL_APPROX_DF). */
function criticalValue(alpha: number, df: number): number {
  const p = 1 - alpha / 2;
  return df > NORMAL_APPROX_DF ? normal.quantile(p, 0, 1) : t.quantile(p, df);
}

/** Throws RangeError unless s.n is a non-negative integer, s.mean is finite and s.variance is finite and ≥ 0. */
function assertSummary(label: string, s: SampleSummary): void {
  if (!Number.isInteger(s.n) || s.n < 0) {
    throw new RangeError(`welchTest: ${label}.n must be a non-negative integer, got ${s.n}`);
  }
  if (!Number.isFinite(s.mean)) {
    throw new RangeError(`welchTest: ${label}.mean must be finite, got ${s.mean}`);
  }
  if (!Number.isFinite(s.variance) || s.variance < 0) {
    throw new RangeError(`welchTest: ${label}.variance must be finite and >= 0, got ${s.variance}`);
  }
}

/** (estimate, half-width) → Estimate {estimate, estimate − hw, estimate + hw}. */
function interval(estimate: number, halfWidth: number): Estimate {
  return { estimate, ciLower: estimate - halfWidth, ciUpper: estimate + halfWidth };
}

/**
 * Welch's t-test comparing treatment with control; α is the two-sided significance level, in (0, 1).
 * Formulas (Welch 1947; Satterthwaite 1946; Liftgate design §4):
 *   d = m_t − m_c,  SE = √(v_t/n_t + v_c/n_c),  df = (a+b)² / (a²/(n_t−1) + b²/(n_c−1)) with a = v_t/n_t, b = v_c/n_c,
 *   p = 2·F_t(−|d/SE|; df),  CI = d ± t(1−α/2, df)·SE;
 *   r = d/m_c,  Var(r) ≈ v_t/(n_t·m_c²) + m_t²·v_c/(n_c·m_c⁴) (delta method),  CI = r ± t(1−α/2, df)·√Var(r).
 * Degenerate cases never give NaN; each is documented in the body. relativeLift is null when m_c = 0.
 */
export function welchTest(treatment: SampleSummary, control: SampleSummary, alpha: number): WelchResult {
  if (!(Number.isFinite(alpha) && alpha > 0 && alpha < 1)) {
    throw new RangeError(`welchTest: alpha must be in (0, 1), got ${alpha}`);
  }
  assertSummary('treatment', treatment);
  assertSummary('control', control);

  const { n: nt, mean: mt, variance: vt } = treatment;
  const { n: nc, mean: mc, variance: vc } = control;
  const d = mt - mc;
  const r = mc === 0 ? null : d / mc;

  // Degenerate case 1: fewer than 2 observations in an arm, so its variance cannot be estimated.
  // Nothing is inferred: p = 1, not significant, SE = 0, df = 0, and each CI collapses to its point
  // estimate. The collapsed CI is not a claim of certainty. We do not return ±Infinity because
  // GraphQL Float cannot serialize it. Callers should check n before showing the CI.
  if (nt < 2 || nc < 2) {
    return {
      absoluteLift: interval(d, 0),
      relativeLift: r === null ? null : interval(r, 0),
      pValue: 1,
      degreesOfFreedom: 0,
      standardError: 0,
      significant: false,
    };
  }

  const a = vt / nt;
  const b = vc / nc;
  const se = Math.sqrt(a + b);

  // Degenerate case 2: both arms have zero variance (SE = 0). The Welch df is then 0/0, so we report
  // the pooled df n_t + n_c − 2, the upper bound of the Welch df. Both arms are constant:
  //   d = 0 → p = 1 (no evidence of a difference);
  //   d ≠ 0 → p = 0 (the arms differ with certainty). The CIs collapse to the point estimates.
  if (se === 0) {
    const pValue = d === 0 ? 1 : 0;
    return {
      absoluteLift: interval(d, 0),
      relativeLift: r === null ? null : interval(r, 0),
      pValue,
      degreesOfFreedom: nt + nc - 2,
      standardError: 0,
      significant: pValue < alpha,
    };
  }

  // Welch–Satterthwaite df, written with weights wa + wb = 1 so that squaring tiny a or b cannot
  // underflow to 0/0. The result always lies in [min(n_t, n_c) − 1, n_t + n_c − 2].
  const wa = a / (a + b);
  const wb = b / (a + b);
  const df = 1 / ((wa * wa) / (nt - 1) + (wb * wb) / (nc - 1));

  const pValue = twoSidedP(d / se, df);
  const crit = criticalValue(alpha, df);

  let relativeLift: Estimate | null = null;
  if (r !== null) {
    const varR = vt / (nt * mc * mc) + (mt * mt * vc) / (nc * mc * mc * mc * mc);
    relativeLift = interval(r, crit * Math.sqrt(varR));
  }

  return {
    absoluteLift: interval(d, crit * se),
    relativeLift,
    pValue,
    degreesOfFreedom: df,
    standardError: se,
    significant: pValue < alpha,
  };
}
