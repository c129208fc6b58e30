/**
 * Sequential testing: asymptotic confidence sequences, valid at every look (read the results every
 * day without inflating false positives), for the same effect moments the fixed test reads.
 *
 * Source: Waudby-Smith, Arbour, Sinha, Kennedy & Ramdas (2023), "Time-uniform central limit theory
 * and asymptotic confidence sequences", arXiv 2103.06476 (v7): the two-sided Gaussian-mixture
 * boundary (eq. 9) with the mixture parameter ρ tuned to be tightest at N* units (eq. 161), and
 * the anytime-valid p-value as the reciprocal of the mixture e-value (eq. 155). Compare gbstats'
 * SequentialTwoSidedTTest (frequentist/tests.py), which uses the same three formulas with
 * n = n_t + n_c and σ̂² = SE²·n.
 */
import type { EffectMoments, ScaleMoments, ScaleResult } from './types.js';

/** Default N*: the sample size (both arms) at which the sequence is tightest, as in GrowthBook. */
export const DEFAULT_SEQUENTIAL_TUNING = 5000;

/** ρ = √((−2 ln α + ln(−2 ln α + 1)) / N*) (eq. 161, two-sided). */
export function sequentialRho(alpha: number, tuning: number): number {
  const l = -2 * Math.log(alpha);
  return Math.sqrt((l + Math.log(l + 1)) / tuning);
}

/**
 * One scale: with n units, σ̂² = SE²·n and ρ from N*,
 *   half-width = σ̂·√(2(nρ² + 1)·ln(√(nρ² + 1)/α) / (nρ)²)  (eq. 9),
 *   p = min(1, √(nρ² + 1)·exp(−ρ²·n·z² / (2(nρ² + 1)))) with z = est/SE  (1/e-value, eq. 155),
 * computed in the log domain. The interval excludes 0 exactly when p < alpha.
 */
function scale(m: ScaleMoments, n: number, alpha: number, rho: number): ScaleResult {
  const nr2 = n * rho * rho + 1;
  const sigma = m.standardError * Math.sqrt(n);
  const half = sigma * Math.sqrt((2 * nr2 * Math.log(Math.sqrt(nr2) / alpha)) / ((n * rho) ** 2));
  const z = m.estimate / m.standardError;
  const logP = 0.5 * Math.log(nr2) - (rho * rho * n * z * z) / (2 * nr2);
  return { lift: { estimate: m.estimate, ciLower: m.estimate - half, ciUpper: m.estimate + half }, pValue: Math.min(1, Math.exp(logP)) };
}

/**
 * The sequential readout of effect moments at level alpha with tuning N* (> 0), on both scales.
 * Throws RangeError when the tuning is not a positive finite number.
 */
export function sequential(moments: EffectMoments, alpha: number, tuning = DEFAULT_SEQUENTIAL_TUNING): { absolute: ScaleResult; relative: ScaleResult | null } {
  if (!(Number.isFinite(tuning) && tuning > 0)) throw new RangeError(`sequential: tuning N* must be a positive number, got ${tuning}`);
  const rho = sequentialRho(alpha, tuning);
  return {
    absolute: scale(moments.absolute, moments.units, alpha, rho),
    relative: moments.relative ? scale(moments.relative, moments.units, alpha, rho) : null,
  };
}
