/**
 * Sample-ratio-mismatch (SRM) check: Pearson's chi-square goodness-of-fit test of the observed
 * assignment counts per arm against the configured traffic shares.
 *
 * Sources: Pearson (1900), Philosophical Magazine 50(302); the use for experiments and the
 * p < 0.001 alarm level, Fabijan et al. (2019), "Diagnosing Sample Ratio Mismatch in Online
 * Controlled Experiments", KDD '19. Compare gbstats' check_srm (utils.py).
 */
import chisquare from '@stdlib/stats-base-dists-chisquare';

/** p-value below which assignment counts are flagged as a sample-ratio mismatch (the usual SRM alarm level). */
export const SRM_P_THRESHOLD = 0.001;

/** Result of sampleRatioTest: Pearson χ² statistic, its upper-tail p-value, df = (arms tested) − 1, and mismatch = p < SRM_P_THRESHOLD. */
export type SampleRatioResult = {
  chiSquare: number;
  pValue: number;
  degreesOfFreedom: number;
  mismatch: boolean;
};

/**
 * observed[i] = units assigned to arm i (count ≥ 0); expectedShares[i] = configured weight of arm i
 * (≥ 0; the weights are normalized to sum to 1). Pearson (1900): χ² = Σ (O_i − E_i)²/E_i with
 * E_i = total·share_i, df = k − 1, and p = 1 − F_χ²(χ²; df).
 * Arms with share 0 are skipped entirely, and their counts are not part of `total`. If fewer than
 * two arms remain, or the total is 0, the result is χ² = 0, p = 1, no mismatch.
 * Throws RangeError when the lengths differ, a value is negative or not finite, or all shares are 0.
 */
export function sampleRatioTest(observed: number[], expectedShares: number[]): SampleRatioResult {
  if (observed.length !== expectedShares.length) {
    throw new RangeError(
      `sampleRatioTest: observed (${observed.length}) and expectedShares (${expectedShares.length}) differ in length`,
    );
  }
  const obs: number[] = [];
  const shares: number[] = [];
  let shareSum = 0;
  for (let i = 0; i < observed.length; i++) {
    const o = observed[i] ?? NaN;
    const s = expectedShares[i] ?? NaN;
    if (!Number.isFinite(o) || o < 0) throw new RangeError(`sampleRatioTest: observed[${i}] must be a finite count >= 0, got ${o}`);
    if (!Number.isFinite(s) || s < 0) throw new RangeError(`sampleRatioTest: expectedShares[${i}] must be finite and >= 0, got ${s}`);
    if (s === 0) continue; // skipped arm (see the doc comment)
    obs.push(o);
    shares.push(s);
    shareSum += s;
  }
  if (shareSum === 0 && observed.length > 0) {
    throw new RangeError('sampleRatioTest: at least one expected share must be > 0');
  }

  const degreesOfFreedom = Math.max(0, obs.length - 1);
  const total = obs.reduce((acc, o) => acc + o, 0);
  if (total === 0 || degreesOfFreedom === 0) {
    return { chiSquare: 0, pValue: 1, degreesOfFreedom, mismatch: false };
  }

  let chiSquare = 0;
  for (let i = 0; i < obs.length; i++) {
    const expected = (total * (shares[i] ?? 0)) / shareSum;
    const diff = (obs[i] ?? 0) - expected;
    chiSquare += (diff * diff) / expected;
  }
  // Upper tail computed as 1 − CDF (stdlib has no chi-square survival function). This has absolute
  // error of about 1e-16 and floors at 0 for astronomically small p, which is far below SRM_P_THRESHOLD.
  const pValue = Math.min(1, Math.max(0, 1 - chisquare.cdf(chiSquare, degreesOfFreedom)));
  return { chiSquare, pValue, degreesOfFreedom, mismatch: pValue < SRM_P_THRESHOLD };
}
