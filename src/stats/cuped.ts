/**
 * CUPED: regression adjustment of a metric by the same subject's pre-exposure value of it, which
 * removes the part of the variance the pre-period predicts and so narrows intervals without bias
 * (exposure is randomised, so the pre-period cannot differ by arm in expectation).
 *
 * Sources: Deng, Xu, Kohavi & Walker (2013), "Improving the Sensitivity of Online Controlled
 * Experiments by Utilizing Pre-Experiment Data", WSDM '13, §3.2 (θ = cov(Y, X)/var(X), adjusted
 * mean Ȳ − θX̄); compare gbstats' RegressionAdjustedStatistic, compute_theta (θ from the two
 * compared arms pooled, 0 when the pooled pre or post variance is 0) and
 * frequentist_variance_relative_cuped (models/statistics.py, models/tests.py). The relative
 * variance below is the delta method for (Ȳ_t − θX̄_t − Ȳ_c + θX̄_c)/|Ȳ_c| with the treatment's
 * and control's post/pre moments as the four inputs (Deng, Knoblich & Lu 2018, §3).
 *
 * Ratio metrics do not take CUPED here (their `paired` sums are the denominator; gbstats' ratio
 * regression adjustment needs four moments per arm, which the readout does not carry).
 */
import type { SampleSummary } from './statistics/types.js';
import { assertSummary, welchDegreesOfFreedom } from './tests/moments.js';
import type { EffectMoments, NotComputableReason } from './tests/types.js';

/** One arm for CUPED: the post-exposure summary, and the pre-exposure covariate's mean, variance and covariance with the post value (n − 1 denominators). */
export type CupedArm = { post: SampleSummary; preMean: number; preVariance: number; covariance: number };

/**
 * θ = C/V from the two arms pooled as one sample, combined stably (Chan, Golub & LeVeque 1979):
 *   (n−1)·C = (n_t−1)c_t + (n_c−1)c_c + (n_t n_c/n)(ȳ_t − ȳ_c)(x̄_t − x̄_c), V likewise from the pre
 * variances. Null (θ undefined: fall back to the unadjusted analysis) when the pooled pre or post
 * variance is 0 or an arm has no units.
 */
export function pooledTheta(t: CupedArm, c: CupedArm): number | null {
  const nt = t.post.n;
  const nc = c.post.n;
  const n = nt + nc;
  if (nt === 0 || nc === 0 || n < 3) return null;
  const w = (nt * nc) / n;
  const dPost = t.post.mean - c.post.mean;
  const dPre = t.preMean - c.preMean;
  const cov = (nt - 1) * t.covariance + (nc - 1) * c.covariance + w * dPost * dPre;
  const varPre = (nt - 1) * t.preVariance + (nc - 1) * c.preVariance + w * dPre * dPre;
  const varPost = (nt - 1) * t.post.variance + (nc - 1) * c.post.variance + w * dPost * dPost;
  if (!(varPre > 0) || !(varPost > 0)) return null;
  const theta = cov / varPre;
  return Number.isFinite(theta) ? theta : null;
}

/** The arm's adjusted summary: mean Ȳ − θX̄ and variance v_Y + θ²v_X − 2θc (≥ 0). */
export function adjustArm(arm: CupedArm, theta: number): SampleSummary {
  const v = arm.post.variance + theta * theta * arm.preVariance - 2 * theta * arm.covariance;
  return { n: arm.post.n, mean: arm.post.mean - theta * arm.preMean, variance: v > 0 ? v : 0 };
}

/**
 * CUPED effect moments at a given θ (from pooledTheta):
 *   absolute: d = (Ȳ_t − θX̄_t) − (Ȳ_c − θX̄_c), SE² = v_t^adj/n_t + v_c^adj/n_c, Welch df on the adjusted variances;
 *   relative: r = d/|Ȳ_c|, SE_r² = v_t^adj/(n_t Ȳ_c²) + (ρ²v_Y,c − 2ρθc_c + θ²v_X,c)/(n_c Ȳ_c²) with ρ = Ȳ_t/Ȳ_c.
 * Not computable when an arm has n < 2 or a zero adjusted variance. Throws RangeError on invalid figures.
 */
export function cupedMoments(t: CupedArm, c: CupedArm, theta: number): EffectMoments | NotComputableReason {
  for (const [label, arm] of [['treatment', t], ['control', c]] as const) {
    assertSummary(`cuped ${label}`, arm.post);
    if (![arm.preMean, arm.preVariance, arm.covariance].every(Number.isFinite) || arm.preVariance < 0) {
      throw new RangeError(`cuped ${label}: pre-exposure mean, variance and covariance must be finite (variance >= 0)`);
    }
  }
  const at = adjustArm(t, theta);
  const ac = adjustArm(c, theta);
  if (at.n < 2 || ac.n < 2) return 'TOO_FEW_UNITS';
  if (at.variance === 0 || ac.variance === 0) return 'ZERO_VARIANCE';
  const a = at.variance / at.n;
  const b = ac.variance / ac.n;
  if (!(a + b > 0)) return 'ZERO_VARIANCE';
  const d = at.mean - ac.mean;
  const mc = c.post.mean;
  let relative: EffectMoments['relative'] = null;
  if (mc !== 0) {
    const scale = Math.abs(mc);
    const rho = t.post.mean / mc;
    const controlTerm = rho * rho * c.post.variance - 2 * rho * theta * c.covariance + theta * theta * c.preVariance;
    const se = Math.hypot(Math.sqrt(a), Math.sqrt(Math.max(0, controlTerm) / ac.n)) / scale;
    const estimate = d / scale;
    if (Number.isFinite(se) && se > 0 && Number.isFinite(estimate)) relative = { estimate, standardError: se };
  }
  return {
    absolute: { estimate: d, standardError: Math.sqrt(a + b) },
    relative,
    degreesOfFreedom: welchDegreesOfFreedom(a, at.n, b, ac.n),
    units: at.n + ac.n,
    controlScale: Math.abs(mc),
  };
}
