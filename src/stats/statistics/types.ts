/**
 * The two vocabularies of the statistics engine: what a read delivers per arm (sufficient
 * statistics, plain sums a warehouse can compute and merge) and what a statistic kind turns them
 * into for a test (an estimate of the arm's mean with its per-unit variance).
 */

/** Σy, Σy², Σxy and the stably computed var(y), cov(x, y) of a paired per-unit value y. */
export type PairedSums = {
  sumY: number;
  sumYSquares: number;
  sumXY: number;
  /** Sample variance of y (n − 1), computed stably; 0 when n < 2. */
  varianceY: number;
  /** Sample covariance of x and y (n − 1), computed stably; 0 when n < 2. */
  covariance: number;
};

/**
 * One arm's sufficient statistics of a per-unit value x: n units, Σx, Σx², optionally the sample
 * variance computed stably at the source (preferred over Σx² when present), and optionally the
 * sums of a paired value y (ratio denominators, CUPED covariates).
 */
export type SufficientStatistics = {
  n: number;
  sum: number;
  sumSquares: number;
  variance?: number;
  paired?: PairedSums;
};

/** One arm's summary: n observations, their mean, and their sample variance (n−1 denominator; 0 when n < 2). */
export type SampleSummary = { n: number; mean: number; variance: number };
