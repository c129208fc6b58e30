/**
 * The exposure part of every experiment read (design §3): assignment = first exposure per
 * identifier, `argMin(variant, timestamp)` over the experiment's exposure events for its feature;
 * exposure values are variant keys, compared upper-case. Identifiers exposed to more than one
 * variant are excluded from every statistic (the `subjects` CTE) and counted. FINAL so a resent
 * exposure counts once (migrations/001-events.ts).
 */
import { param, sql, type Param, type Sql } from '../sql.js';

export interface ExposureInput {
  env: Param;
  exposureEvent: string;
  featureName: string;
  /** Upper-case variant keys; bound once and shared with the caller. */
  variants: Param;
}

/** `exposure` (one row per identifier: variant, first_exposure, variant_count) and `subjects` CTEs. */
export function exposureCtes(input: ExposureInput): Sql {
  return sql`exposure AS (
    SELECT identifier AS subject,
           argMin(upper(value), timestamp) AS variant,
           min(timestamp) AS first_exposure,
           uniqExact(upper(value)) AS variant_count
    FROM events FINAL
    WHERE environment_id = ${input.env}
      AND event = ${param(input.exposureEvent, 'String', 'exposure_event')}
      AND feature_name = ${param(input.featureName, 'String', 'feature')}
      AND identifier != ''
      AND upper(value) IN ${input.variants}
    GROUP BY identifier
  ),
  subjects AS (SELECT subject, variant, first_exposure FROM exposure WHERE variant_count = 1)`;
}

/** Subjects exposed to more than one variant, as a scalar subquery over the `exposure` CTE. */
export const multipleExposures: Sql = sql`(SELECT countIf(variant_count > 1) FROM exposure)`;

