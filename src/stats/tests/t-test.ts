/**
 * The fixed-horizon test: Welch's unequal-variance t-test of the difference of two arm means, and
 * the same t reference applied to the relative lift with its delta-method standard error, so each
 * scale's CI and p-value agree (the CI excludes 0 exactly when p < alpha). Takes any statistic
 * kind's estimate (n, mean, per-unit variance): sample mean, proportion or ratio alike.
 *
 * Sources: Welch (1947), "The generalization of 'Student's' problem when several different
 * population variances are involved", Biometrika 34(1–2); the Welch–Satterthwaite degrees of
 * freedom, Satterthwaite (1946), Biometrics Bulletin 2(6); the relative lift's delta-method
 * variance, Deng, Knoblich & Lu (2018), KDD '18, §3. Compare gbstats' TwoSidedTTest
 * (frequentist/tests.py), which applies one t reference to whichever scale it is asked for.
 * Golden values: test/unit/reference/ (scipy and gbstats).
 */
import normal from '@stdlib/stats-base-dists-normal';
import t from '@stdlib/stats-base-dists-t';

import type { SampleSummary } from '../statistics/types.js';
import { effectMoments, pointEstimates } from './moments.js';
import type { EffectMoments, Lift, NotComputableReason, ScaleMoments, ScaleResult } from './types.js';

/** A point estimate and its two-sided (1−α) confidence interval, all in the estimate's units. */
export type Estimate = { estimate: number; ciLower: number; ciUpper: number };

/**
 * Result of welchTest. absoluteLift is in metric units; relativeLift is a fraction (0.05 = +5%)
 * of |mean(control)|, null when the control mean is 0. When notComputable is set, p-values,
 * df, SE and CI bounds are null and significant is false.
 */
export type WelchResult = {
  notComputable: NotComputableReason | null;
  absoluteLift: Lift;
  relativeLift: Lift | null;
  pValue: number | null;
  relativePValue: number | null;
  degreesOfFreedom: number | null;
  standardError: number | null;
  significant: boolean;
};

/**
 * Above this df, Student's t is replaced by the standard normal (the two differ by less than 1e-12).
 * The guard exists because @stdlib's t.quantile returns 0 at df ≳ 1e17, and t.cdf(x, Infinity)
 * returns 0.5 for every x.
 */
const NORMAL_APPROX_DF = 1e12;

/** Two-sided p-value P(|T_df| ≥ |stat|) = 2·F_t(−|stat|; df), taken from the lower tail so small p keeps its precision. */
export function twoSidedP(stat: number, df: number): number {
  const lower = df > NORMAL_APPROX_DF ? normal.cdf(-Math.abs(stat), 0, 1) : t.cdf(-Math.abs(stat), df);
  return Math.min(1, 2 * lower);
}

/** Critical value t(1−α/2, df) for a two-sided (1−α) interval (standard normal above NORMAL_APPROX_DF). */
export function criticalValue(alpha: number, df: number): number {
  const p = 1 - alpha / 2;
  return df > NORMAL_APPROX_DF ? normal.quantile(p, 0, 1) : t.quantile(p, df);
}

/** Throws RangeError unless alpha is in (0, 1). */
export function assertAlpha(label: string, alpha: number): void {
  if (!(Number.isFinite(alpha) && alpha > 0 && alpha < 1)) throw new RangeError(`${label}: alpha must be in (0, 1), got ${alpha}`);
}

/** One scale at level alpha: est ± t(1−α/2, df)·SE and p = 2·F_t(−|est/SE|; df). */
function scale(m: ScaleMoments, df: number, alpha: number): ScaleResult {
  const half = criticalValue(alpha, df) * m.standardError;
  return { lift: { estimate: m.estimate, ciLower: m.estimate - half, ciUpper: m.estimate + half }, pValue: twoSidedP(m.estimate / m.standardError, df) };
}

/** The fixed-horizon readout of effect moments at level alpha, on both scales (relative null when the moments have none). */
export function fixedHorizon(moments: EffectMoments, alpha: number): { absolute: ScaleResult; relative: ScaleResult | null } {
  return {
    absolute: scale(moments.absolute, moments.degreesOfFreedom, alpha),
    relative: moments.relative ? scale(moments.relative, moments.degreesOfFreedom, alpha) : null,
  };
}

/**
 * Welch's t-test comparing treatment with control; α is the two-sided significance level, in (0, 1).
 *   d = m_t − m_c,  SE = √(v_t/n_t + v_c/n_c),  df = Welch–Satterthwaite,
 *   p = 2·F_t(−|d/SE|; df),  CI = d ± t(1−α/2, df)·SE;
 *   r = d/|m_c|,  SE_r = √(v_t/(n_t m_c²) + m_t² v_c/(n_c m_c⁴)),  p_r and CI_r likewise.
 * n < 2 in an arm or a zero variance in an arm: not computable (see NotComputableReason).
 * Throws RangeError for alpha or an invalid summary.
 */
export function welchTest(treatment: SampleSummary, control: SampleSummary, alpha: number): WelchResult {
  assertAlpha('welchTest', alpha);
  const moments = effectMoments(treatment, control);
  if (typeof moments === 'string') {
    return {
      notComputable: moments,
      ...pointEstimates(treatment.mean - control.mean, control.mean),
      pValue: null,
      relativePValue: null,
      degreesOfFreedom: null,
      standardError: null,
      significant: false,
    };
  }
  const { absolute, relative } = fixedHorizon(moments, alpha);
  return {
    notComputable: null,
    absoluteLift: absolute.lift,
    relativeLift: relative?.lift ?? null,
    pValue: absolute.pValue,
    relativePValue: relative?.pValue ?? null,
    degreesOfFreedom: moments.degreesOfFreedom,
    standardError: moments.absolute.standardError,
    significant: absolute.pValue! < alpha,
  };
}
