/**
 * The proportion statistic: a per-unit value that is 0 or 1 (OCCURRENCE: did the subject convert).
 * Σx alone fixes everything (Σx² = Σx): p = Σx/n, and the sample variance of the 0/1 values is
 * p(1 − p)·n/(n − 1), exact, with no cancellation however large n is.
 *
 * Source: the Bernoulli variance p(1 − p) with Bessel's correction; compare gbstats'
 * ProportionStatistic (models/statistics.py), which uses the same sufficient statistics.
 */
import type { SampleSummary, SufficientStatistics } from './types.js';

/**
 * {n, Σx} of 0/1 values → mean p and sample variance p(1 − p)·n/(n − 1) (0 when n < 2; p = 0
 * when n = 0). Throws RangeError unless n is a non-negative integer and 0 ≤ Σx ≤ n.
 */
export function proportion(s: Pick<SufficientStatistics, 'n' | 'sum'>): SampleSummary {
  const { n, sum } = s;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`proportion: n must be a non-negative integer, got ${n}`);
  if (!Number.isFinite(sum) || sum < 0 || sum > n) throw new RangeError(`proportion: sum must be within [0, n], got ${sum}`);
  if (n === 0) return { n: 0, mean: 0, variance: 0 };
  const p = sum / n;
  return { n, mean: p, variance: n < 2 ? 0 : (p * (1 - p) * n) / (n - 1) };
}
