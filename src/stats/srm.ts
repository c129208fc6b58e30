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

/** One cohort's Pearson statistic: χ² and its df (arms tested − 1), per the rules of sampleRatioTest. */
function pearson(observed: readonly number[], expectedShares: readonly number[], label: string): { chiSquare: number; degreesOfFreedom: number } {
  if (observed.length !== expectedShares.length) {
    throw new RangeError(`${label}: observed (${observed.length}) and expectedShares (${expectedShares.length}) differ in length`);
  }
  let shareSum = 0;
  let total = 0;
  let tested = 0;
  for (let i = 0; i < observed.length; i++) {
    const o = observed[i] ?? NaN;
    const s = expectedShares[i] ?? NaN;
    if (!Number.isFinite(o) || o < 0) throw new RangeError(`${label}: observed[${i}] must be a finite count >= 0, got ${o}`);
    if (!Number.isFinite(s) || s < 0) throw new RangeError(`${label}: expectedShares[${i}] must be finite and >= 0, got ${s}`);
    shareSum += s;
    total += o;
    // An arm outside the split (share 0) with nobody in it is not part of the experiment.
    if (s > 0 || o > 0) tested++;
  }
  if (shareSum === 0 && observed.length > 0) throw new RangeError(`${label}: at least one expected share must be > 0`);
  const degreesOfFreedom = Math.max(0, tested - 1);
  if (total === 0 || degreesOfFreedom === 0) return { chiSquare: 0, degreesOfFreedom };
  let chiSquare = 0;
  for (let i = 0; i < observed.length; i++) {
    const s = expectedShares[i]!;
    if (s === 0) continue; // its subjects count in the total (the others fall short), its own term would be infinite
    const expected = (total * s) / shareSum;
    const diff = observed[i]! - expected;
    chiSquare += (diff * diff) / expected;
  }
  return { chiSquare, degreesOfFreedom };
}

/** Upper-tail p of χ²(df), clamped to [0, 1]; 1 when df = 0. */
function upperTail(chiSquare: number, degreesOfFreedom: number): number {
  if (degreesOfFreedom === 0 || chiSquare === 0) return 1;
  // 1 − CDF (stdlib has no chi-square survival function): absolute error about 1e-16, far below
  // SRM_P_THRESHOLD.
  return Math.min(1, Math.max(0, 1 - chisquare.cdf(chiSquare, degreesOfFreedom)));
}

/**
 * observed[i] = units assigned to arm i (count ≥ 0); expectedShares[i] = configured weight of arm i
 * (≥ 0; the weights are normalized to sum to 1). Pearson (1900): χ² = Σ (O_i − E_i)²/E_i with
 * E_i = total·share_i, df = k − 1, and p = 1 − F_χ²(χ²; df).
 * An arm with share 0 keeps its units in `total` and counts in df (as gbstats' check_srm: units
 * where none were expected are a mismatch: [500, 480, 222] against [.5, .5, 0] gives p ≈ 1e-9);
 * only an arm with share 0 and no units is left out (gbstats still counts it in df, which only
 * weakens its test). If fewer than two arms remain, or the total
 * is 0, the result is χ² = 0, p = 1, no mismatch.
 * Throws RangeError when the lengths differ, a value is negative or not finite, or all shares are 0.
 */
export function sampleRatioTest(observed: readonly number[], expectedShares: readonly number[]): SampleRatioResult {
  const { chiSquare, degreesOfFreedom } = pearson(observed, expectedShares, 'sampleRatioTest');
  const pValue = upperTail(chiSquare, degreesOfFreedom);
  return { chiSquare, pValue, degreesOfFreedom, mismatch: pValue < SRM_P_THRESHOLD };
}

/** One cohort of an experiment's traffic: units per arm placed by that cohort, and that cohort's configured shares (same arm order). */
export type CohortCounts = { observed: readonly number[]; expectedShares: readonly number[] };

/**
 * The SRM check when the splits changed during the experiment (addCohort): each subject is tested
 * against the cohort that placed it. Each cohort gives an independent Pearson χ² (the rules of
 * sampleRatioTest); their sum is χ² with the summed df (additivity of independent χ² variables),
 * so one p-value covers all cohorts. Throws RangeError like sampleRatioTest.
 */
export function cohortSampleRatioTest(cohorts: readonly CohortCounts[]): SampleRatioResult {
  let chiSquare = 0;
  let degreesOfFreedom = 0;
  cohorts.forEach((c, i) => {
    const r = pearson(c.observed, c.expectedShares, `cohortSampleRatioTest cohort ${i}`);
    chiSquare += r.chiSquare;
    degreesOfFreedom += r.degreesOfFreedom;
  });
  const pValue = upperTail(chiSquare, degreesOfFreedom);
  return { chiSquare, pValue, degreesOfFreedom, mismatch: pValue < SRM_P_THRESHOLD };
}
