/**
 * Sufficient statistics for one experiment arm, and the helper that builds them from
 * streaming aggregates (count, sum and sum of squares, as ClickHouse/SQL return them).
 */

/** One arm's summary: n observations, their mean, and their sample variance (n−1 denominator; 0 when n < 2). */
export type SampleSummary = { n: number; mean: number; variance: number };

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
