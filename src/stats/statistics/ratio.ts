/**
 * The ratio statistic: the ratio of two per-unit means, R = Σx/Σy (e.g. revenue per order with
 * subjects as units), with the delta-method variance (design §4, "Ratio metrics"):
 *
 *   Var(R̂) ≈ (var(x) − 2R·cov(x, y) + R²·var(y)) / (n·ȳ²)
 *
 * returned as a per-unit variance v = (var(x) − 2R·cov(x, y) + R²·var(y)) / ȳ², so a test's
 * SE = √(v/n) is the delta-method standard error. Reads the stably computed var(x), var(y) and
 * cov(x, y) of the sufficient statistics.
 *
 * Source: Deng, Knoblich & Lu (2018), "Applying the Delta Method in Metric Analytics: A Practical
 * Guide with Novel Ideas", KDD '18, §3 (ratio of means); compare gbstats' RatioStatistic
 * (models/statistics.py). No metric kind uses it yet: its golden-value tests come with ratio
 * metrics (issue 10).
 */
import type { SampleSummary, SufficientStatistics } from './types.js';

/**
 * The arm's ratio of means and its per-unit delta-method variance. An arm whose denominator sums
 * to 0 has no ratio: it reports n = 0 (so a test infers nothing from it), mean 0, variance 0.
 * Throws RangeError when the paired sums are missing or a figure is not finite.
 */
export function ratioOfMeans(s: SufficientStatistics): SampleSummary {
  const paired = s.paired;
  if (!paired) throw new RangeError('ratioOfMeans: the sufficient statistics carry no paired (denominator) sums');
  const figures = [s.n, s.sum, paired.sumY, paired.varianceY, paired.covariance, s.variance ?? 0];
  if (!figures.every(Number.isFinite)) throw new RangeError('ratioOfMeans: every figure must be finite');
  if (!Number.isInteger(s.n) || s.n < 0) throw new RangeError(`ratioOfMeans: n must be a non-negative integer, got ${s.n}`);
  if (s.n === 0 || paired.sumY === 0) return { n: 0, mean: 0, variance: 0 };
  const r = s.sum / paired.sumY;
  if (s.n < 2) return { n: s.n, mean: r, variance: 0 };
  const meanY = paired.sumY / s.n;
  const varianceX = s.variance ?? (s.sumSquares - (s.sum * s.sum) / s.n) / (s.n - 1);
  const v = (varianceX - 2 * r * paired.covariance + r * r * paired.varianceY) / (meanY * meanY);
  return { n: s.n, mean: r, variance: v > 0 ? v : 0 };
}
