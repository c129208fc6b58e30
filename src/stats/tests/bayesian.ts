/**
 * Bayesian readout of an effect: a Gaussian model of the effect (the data's estimate with its
 * standard error as likelihood), a flat prior by default or a proper Gaussian prior on the relative
 * effect, and from the posterior N(μ, σ²): the chance to win P(effect > 0), the (1−α) credible
 * interval μ ± z(1−α/2)·σ, and the risk (expected loss) of shipping either arm.
 *
 * Source: GrowthBook's "Bayesian statistics engine" whitepaper and gbstats' EffectBayesianABTest
 * (bayesian/tests.py): conjugate normal–normal update (Gelman et al., Bayesian Data Analysis, 3rd
 * ed., §2.5), chance to win and risk on the relative scale by default. The risk closed forms are
 * the partial expectations of a normal: E[max(X, 0)] = μΦ(μ/σ) + σφ(μ/σ) (the loss of keeping the
 * control) and E[max(−X, 0)] = σφ(μ/σ) − μΦ(−μ/σ) (the loss of shipping the treatment).
 */
import normal from '@stdlib/stats-base-dists-normal';

import type { EffectMoments, Lift, ScaleMoments } from './types.js';

/** A Gaussian prior on the relative effect (fractions: mean 0.02 = +2 %); variance > 0. */
export type EffectPrior = { mean: number; variance: number };

/** Posterior N(mean, sd²) of the effect on one scale. */
export type Posterior = { mean: number; sd: number };

/** Expected loss (in the scale's units) of choosing the control, and of choosing the treatment. */
export type Risk = { control: number; treatment: number };

export type BayesianResult = {
  absoluteLift: Lift;
  relativeLift: Lift;
  /** P(relative effect > 0) under the posterior. */
  chanceToWin: number;
  /** Relative-scale expected loss. */
  risk: Risk;
};

/** Normal–normal update: precision-weighted mean; a flat prior leaves the data's N(est, SE²). */
export function posterior(data: ScaleMoments, prior: EffectPrior | undefined): Posterior {
  if (!prior) return { mean: data.estimate, sd: data.standardError };
  const dataPrecision = 1 / (data.standardError * data.standardError);
  const precision = dataPrecision + 1 / prior.variance;
  return { mean: (data.estimate * dataPrecision + prior.mean / prior.variance) / precision, sd: Math.sqrt(1 / precision) };
}

/** Risk of N(μ, σ²) by the normal partial expectations above (never negative). */
export function risk(p: Posterior): Risk {
  const z = p.mean / p.sd;
  const pdf = normal.pdf(z, 0, 1);
  return {
    control: Math.max(0, p.mean * normal.cdf(z, 0, 1) + p.sd * pdf),
    treatment: Math.max(0, p.sd * pdf - p.mean * normal.cdf(-z, 0, 1)),
  };
}

function credible(p: Posterior, alpha: number): Lift {
  const half = normal.quantile(1 - alpha / 2, 0, 1) * p.sd;
  return { estimate: p.mean, ciLower: p.mean - half, ciUpper: p.mean + half };
}

/**
 * The Bayesian readout at level alpha. The relative effect gets the prior as given; the absolute
 * effect gets the same prior in metric units (mean·|m_c|, variance·m_c²), as gbstats rescales a
 * relative prior. Null when the moments have no relative scale (control mean 0, or so close to 0
 * that the relative figures or the rescaled prior leave floating point): the caller reports
 * ZERO_CONTROL_MEAN. Throws RangeError for a prior whose variance is not > 0.
 */
export function bayesian(moments: EffectMoments, alpha: number, prior?: EffectPrior): BayesianResult | null {
  if (prior && !(Number.isFinite(prior.mean) && Number.isFinite(prior.variance) && prior.variance > 0)) {
    throw new RangeError(`bayesian: a prior needs a finite mean and a variance > 0, got ${prior.mean}, ${prior.variance}`);
  }
  if (!moments.relative) return null;
  const c = moments.controlScale;
  const absolutePrior = prior && { mean: prior.mean * c, variance: prior.variance * c * c };
  // A control mean so close to 0 that the prior in metric units underflows has no usable scale.
  if (absolutePrior && !(absolutePrior.variance > 0 && Number.isFinite(absolutePrior.mean))) return null;
  const rel = posterior(moments.relative, prior);
  const abs = posterior(moments.absolute, absolutePrior);
  return {
    absoluteLift: credible(abs, alpha),
    relativeLift: credible(rel, alpha),
    chanceToWin: normal.cdf(rel.mean / rel.sd, 0, 1),
    risk: risk(rel),
  };
}
