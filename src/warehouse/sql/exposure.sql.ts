/**
 * The exposure part of every experiment read (design §3): assignment = first exposure per
 * identifier for the experiment's feature; exposure values are variant keys, compared upper-case.
 * Identifiers exposed to more than one variant are excluded from every statistic and counted.
 *
 * Computed in the same pass as the event metrics (results.sql.ts), per subject, from aggregates
 * that a resent exposure cannot change: the first exposure time is `min`, the variant is the
 * variant seen (its position in the experiment's variant list) and the subject saw several
 * variants exactly when the smallest and the largest position differ. So, unlike `argMin` + `uniqExact`, no per-subject set or tie-break is needed, and
 * the answer does not depend on how many copies of an exposure are stored.
 */
import { param, sql, type Param, type Sql } from '../sql.js';

export interface ExposureInput {
  exposureEvent: string;
  featureName: string;
  /** Upper-case variant keys; bound once and shared with the caller. */
  variants: Param;
}

/** Per-row condition (UInt8): the row is an exposure event of this experiment's feature. */
export function isExposureEvent(input: ExposureInput): Sql {
  return sql`ifNull(event = ${param(input.exposureEvent, 'String', 'exposure_event')} AND feature_name = ${param(input.featureName, 'String', 'feature')}, 0)`;
}

/**
 * Per-row `exposed_variant` (UInt64) from `isExposureEvent`'s condition: the 1-based position of the row's variant key in the
 * experiment's variants, 0 when the row is no exposure of this experiment to one of them.
 * Numbers, not keys, so the per-subject min/max are cheap.
 */
export function exposedVariant(isExposure: Sql, variants: Param): Sql {
  return sql`${isExposure} * indexOf(${variants}, upper(assumeNotNull(value)))`;
}

/**
 * Per-subject aggregates over rows carrying `exposed_variant` (see above) and `ts_ms` (Int64):
 * `variant_index`, `multiple` (UInt8: saw more than one variant), `first_ms`, `exposures`.
 */
export const exposureAggregates: Sql = sql`minIf(exposed_variant, exposed_variant > 0) AS variant_index,
           variant_index != maxIf(exposed_variant, exposed_variant > 0) AS multiple,
           minIf(ts_ms, exposed_variant > 0) AS first_ms,
           countIf(exposed_variant > 0) AS exposures`;
