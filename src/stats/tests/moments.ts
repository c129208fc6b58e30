/**
 * The moments of a treatment-vs-control effect from two arm estimates (any statistic kind: sample
 * mean, proportion, ratio): the absolute difference, the relative lift and their standard errors,
 * with the Welch–Satterthwaite degrees of freedom. Every test (fixed, sequential, Bayesian) reads
 * these, so each scale's interval and p-value come from one standard error and agree.
 *
 * Sources: Welch (1947), Biometrika 34(1–2); Satterthwaite (1946), Biometrics Bulletin 2(6); the
 * relative lift's delta-method variance, Deng, Knoblich & Lu (2018), "Applying the Delta Method in
 * Metric Analytics", KDD '18, §3. Compare gbstats' EffectMoments (models/tests.py) and
 * frequentist_diff / variance_of_ratios (utils.py): the relative lift divides by |mean(control)|
 * (gbstats' convention), so it has the sign of the absolute lift even for a negative control mean.
 */
import type { SampleSummary } from '../statistics/types.js';
import type { EffectMoments, Lift, NotComputableReason, ScaleMoments } from './types.js';

/** Throws RangeError unless s.n is a non-negative integer, s.mean is finite and s.variance is finite and ≥ 0. */
export function assertSummary(label: string, s: SampleSummary): void {
  if (!Number.isInteger(s.n) || s.n < 0) throw new RangeError(`${label}.n must be a non-negative integer, got ${s.n}`);
  if (!Number.isFinite(s.mean)) throw new RangeError(`${label}.mean must be finite, got ${s.mean}`);
  if (!Number.isFinite(s.variance) || s.variance < 0) throw new RangeError(`${label}.variance must be finite and >= 0, got ${s.variance}`);
}

/**
 * Why two arms admit no test, or null: n < 2 in an arm (TOO_FEW_UNITS), or a zero sample variance
 * in an arm (ZERO_VARIANCE; gbstats refuses the same, and Welch's df and the relative interval
 * degenerate: 0/3 vs 3/3 would give p = 0, 2/200 vs 0/200 a zero-width relative CI).
 */
export function notComputableReason(treatment: SampleSummary, control: SampleSummary): NotComputableReason | null {
  if (treatment.n < 2 || control.n < 2) return 'TOO_FEW_UNITS';
  if (treatment.variance === 0 || control.variance === 0) return 'ZERO_VARIANCE';
  return null;
}

/**
 * Welch–Satterthwaite df for per-arm variances of the mean a = v_t/n_t, b = v_c/n_c:
 * (a+b)²/(a²/(n_t−1) + b²/(n_c−1)), written with weights a/(a+b), b/(a+b) so tiny a or b
 * cannot underflow to 0/0. Lies in [min(n_t, n_c) − 1, n_t + n_c − 2].
 */
export function welchDegreesOfFreedom(a: number, nt: number, b: number, nc: number): number {
  const wa = a / (a + b);
  const wb = b / (a + b);
  return 1 / ((wa * wa) / (nt - 1) + (wb * wb) / (nc - 1));
}

/**
 * The relative lift d/|m_c| and its delta-method SE
 *   √(v_t/(n_t m_c²) + m_t² v_c/(n_c m_c⁴)) = hypot(√(v_t/n_t), |m_t/m_c|·√(v_c/n_c)) / |m_c|,
 * the second form so a tiny m_c (1e-80) does not overflow m_c⁻⁴ on the way. Null when m_c = 0 or
 * either figure is not finite (or the SE underflows to 0).
 */
export function relativeMoments(d: number, mt: number, seTreatment: number, mc: number, seControl: number): ScaleMoments | null {
  if (mc === 0) return null;
  const scale = Math.abs(mc);
  const estimate = d / scale;
  const standardError = Math.hypot(seTreatment, Math.abs(mt / mc) * seControl) / scale;
  return Number.isFinite(estimate) && Number.isFinite(standardError) && standardError > 0 ? { estimate, standardError } : null;
}

/**
 * Effect moments of treatment vs control, or the reason there are none (see notComputableReason).
 * Throws RangeError on an invalid summary.
 */
export function effectMoments(treatment: SampleSummary, control: SampleSummary): EffectMoments | NotComputableReason {
  assertSummary('treatment', treatment);
  assertSummary('control', control);
  const reason = notComputableReason(treatment, control);
  if (reason) return reason;
  const a = treatment.variance / treatment.n;
  const b = control.variance / control.n;
  // Variances so small that v/n underflows leave no standard error to divide by.
  if (!(a + b > 0)) return 'ZERO_VARIANCE';
  const d = treatment.mean - control.mean;
  return {
    absolute: { estimate: d, standardError: Math.sqrt(a + b) },
    relative: relativeMoments(d, treatment.mean, Math.sqrt(a), control.mean, Math.sqrt(b)),
    degreesOfFreedom: welchDegreesOfFreedom(a, treatment.n, b, control.n),
    units: treatment.n + control.n,
    controlScale: Math.abs(control.mean),
  };
}

/**
 * The point estimates of a comparison no test can judge (not computable): the absolute lift d and
 * the relative lift d / |control mean| (null when that is 0 or not finite), without intervals.
 */
export function pointEstimates(d: number, controlMean: number): { absoluteLift: Lift; relativeLift: Lift | null } {
  const r = controlMean === 0 ? null : d / Math.abs(controlMean);
  return {
    absoluteLift: { estimate: d, ciLower: null, ciUpper: null },
    relativeLift: r === null || !Number.isFinite(r) ? null : { estimate: r, ciLower: null, ciUpper: null },
  };
}
