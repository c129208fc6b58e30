/**
 * Health checks of a readout besides the sample ratio (srm.ts): subjects exposed to more than one
 * arm, and arms with too little data to read. Pure: counts in, flags out.
 *
 * Sources: Fabijan et al. (2019), KDD '19, and Kohavi, Tang & Xu, "Trustworthy Online Controlled
 * Experiments" (2020), ch. 21 (guardrails on the experiment's own trustworthiness); thresholds
 * from GrowthBook's defaults (multiple-exposure warning at 1 % of subjects, minimum sample size
 * 150: DEFAULT_MIN_SAMPLE_SIZE in packages/shared constants.ts).
 */

/** Share of subjects exposed to more than one arm at or above which the readout is flagged. */
export const MULTIPLE_EXPOSURES_THRESHOLD = 0.01;

/**
 * Fewer units than this in an arm and its estimates are not read (GrowthBook's default minimum
 * sample size: below it, a CLT-based interval is unreliable for skewed metrics).
 */
export const MIN_UNITS_PER_ARM = 150;

/** Result of multipleExposuresCheck: the count, its share of all exposed subjects, and whether it is at or above the threshold. */
export type MultipleExposuresResult = { subjects: number; share: number; warning: boolean };

/**
 * subjects exposed to more than one arm out of all exposed subjects (both counts ≥ 0, finite;
 * multiple ≤ total): warning when the share is ≥ MULTIPLE_EXPOSURES_THRESHOLD (share 0 when nobody
 * is exposed). Throws RangeError on invalid counts.
 */
export function multipleExposuresCheck(multiple: number, total: number, threshold = MULTIPLE_EXPOSURES_THRESHOLD): MultipleExposuresResult {
  if (!(Number.isFinite(multiple) && Number.isFinite(total) && multiple >= 0 && total >= 0 && multiple <= total)) {
    throw new RangeError(`multipleExposuresCheck: need 0 <= multiple <= total, got ${multiple}, ${total}`);
  }
  const share = total === 0 ? 0 : multiple / total;
  return { subjects: multiple, share, warning: total > 0 && share >= threshold };
}

/** An arm with fewer than the minimum units. */
export type TooLittleData = { key: string; units: number };

/**
 * The arms whose unit count is below minUnits (MIN_UNITS_PER_ARM by default), in input order.
 * Throws RangeError for a negative or non-finite count or minimum.
 */
export function tooLittleData(arms: readonly { key: string; units: number }[], minUnits = MIN_UNITS_PER_ARM): TooLittleData[] {
  if (!(Number.isFinite(minUnits) && minUnits >= 0)) throw new RangeError(`tooLittleData: minUnits must be >= 0, got ${minUnits}`);
  for (const a of arms) if (!(Number.isFinite(a.units) && a.units >= 0)) throw new RangeError(`tooLittleData: ${a.key} has an invalid unit count ${a.units}`);
  return arms.filter((a) => a.units < minUnits).map((a) => ({ key: a.key, units: a.units }));
}
