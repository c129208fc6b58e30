/**
 * The sample-mean statistic: the arm's mean of a per-unit value and its sample variance (COUNT,
 * SUM and MEAN metrics).
 *
 * Sources: the sample mean and unbiased sample variance (any statistics text, e.g. Casella & Berger,
 * Statistical Inference, 2nd ed., §5.2); the numerically stable variance the warehouse computes is
 * Welford's (1962), "Note on a method for calculating corrected sums of squares and products",
 * Technometrics 4(3). Compare gbstats' SampleMeanStatistic (models/statistics.py).
 */
import type { SampleSummary, SufficientStatistics } from './types.js';

/** Streaming aggregates for one arm: n = count, sum = Σx, sumSquares = Σx². */
export type SampleAggregates = { n: number; sum: number; sumSquares: number };

/**
 * {n, Σx, Σx²} → SampleSummary, with mean = Σx/n and variance = (Σx² − Σx·mean)/(n−1), the
 * textbook computational formula for the sample variance. This formula loses digits when
 * |mean| ≫ sd, so a tiny negative result is clamped to 0. n = 0 gives mean 0, and n < 2 gives
 * variance 0. Throws RangeError if n is negative, n is not an integer, or any input is not finite.
 */
export function summarize({ n, sum, sumSquares }: SampleAggregates): SampleSummary {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`summarize: n must be a non-negative integer, got ${n}`);
  }
  if (!Number.isFinite(sum) || !Number.isFinite(sumSquares)) {
    throw new RangeError(`summarize: sum and sumSquares must be finite, got ${sum}, ${sumSquares}`);
  }
  if (n === 0) return { n: 0, mean: 0, variance: 0 };
  const mean = sum / n;
  if (n < 2) return { n, mean, variance: 0 };
  const variance = (sumSquares - sum * mean) / (n - 1);
  return { n, mean, variance: variance > 0 ? variance : 0 };
}

/**
 * The arm's mean Σx/n (0 when n = 0) and sample variance: the stably computed `variance` when the
 * source supplied one (it does not cancel for large means), else from Σx² (summarize).
 * Throws RangeError like summarize.
 */
export function sampleMean(s: SufficientStatistics): SampleSummary {
  const fromSums = summarize(s);
  if (s.variance === undefined) return fromSums;
  if (!Number.isFinite(s.variance) || s.variance < 0) throw new RangeError(`sampleMean: variance must be finite and >= 0, got ${s.variance}`);
  return { ...fromSums, variance: s.n < 2 ? 0 : s.variance };
}
