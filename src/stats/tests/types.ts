/**
 * The vocabulary shared by the tests (fixed-horizon, sequential, Bayesian): the moments of the
 * treatment-minus-control effect on both scales, and what a test makes of them.
 */

/**
 * Why a comparison has no valid inference (p-values null, interval bounds null, never significant):
 * - TOO_FEW_UNITS: an arm has fewer than 2 units, so its variance cannot be estimated;
 * - ZERO_VARIANCE: an arm's sample variance is 0 (or the SE underflows to 0). Both arms constant:
 *   the t statistic is ±∞ or 0/0 (0/3 vs 3/3 gave p = 0). One arm constant: the variance estimate
 *   is degenerate and the relative interval can collapse to a point (2/200 vs 0/200 gave
 *   [−1, −1]). gbstats' EffectMoments refuses the same cases ("ZERO_NEGATIVE_VARIANCE");
 * - ZERO_CONTROL_MEAN: the comparison needs the relative scale (BAYESIAN: chance to win and risk
 *   are relative) and the control mean is 0 (or so close to 0 that the relative figures overflow).
 */
export type NotComputableReason = 'TOO_FEW_UNITS' | 'ZERO_VARIANCE' | 'ZERO_CONTROL_MEAN';

/** A point estimate with its standard error, on one scale (absolute: metric units; relative: a fraction). */
export type ScaleMoments = { estimate: number; standardError: number };

/**
 * The moments of one treatment-vs-control effect. `relative` is null when the control mean is 0
 * or the relative figures are not finite (a control mean like 1e-80). `degreesOfFreedom` is
 * Welch–Satterthwaite's; `units` = n_t + n_c (the sequential test's sample size).
 */
export type EffectMoments = {
  absolute: ScaleMoments;
  relative: ScaleMoments | null;
  degreesOfFreedom: number;
  units: number;
  /** |mean(control)| on the unadjusted scale: the relative scale's divisor (for rescaling priors). */
  controlScale: number;
};

/** A point estimate and an interval, both in the estimate's units; bounds null when not computable. */
export type Lift = { estimate: number; ciLower: number | null; ciUpper: number | null };

/** One scale's readout from a frequentist test: the interval and its p-value, which agree (the interval excludes 0 iff p < alpha). */
export type ScaleResult = { lift: Lift; pValue: number | null };
