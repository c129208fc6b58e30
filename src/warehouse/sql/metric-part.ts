/**
 * The seam between the results query and its metric sources. Every source gives, per metric,
 * per-subject expressions (`MetricExpressions`) that the results query (results.sql.ts) aggregates
 * into sufficient statistics per variant, whatever the source. Event metrics compute theirs in the
 * exposure pass itself (event-metrics.sql.ts: same table, one read). A source on another table
 * (fact tables: fact-metrics.sql.ts) contributes a `MetricSourcePart`: one CTE with a row per
 * subject that has data (it may join `ResultsScope.subjects` for the first exposure its windows
 * need), LEFT JOINed to the exposed subjects by subject (subjects without a row read zeros), then
 * optional per-subject columns, then the metrics' expressions.
 */
import type { Param, Sql } from '../sql.js';

/** What every source part may use: the bound values shared by the whole query. */
export interface ResultsScope {
  /** The environment id, bound once for the whole query. */
  env: Param;
  /** The CTE of exposed subjects: columns subject and first_ms (first exposure, ms). */
  subjects: Sql;
  /**
   * Results over time: the bucket ends (epoch ms, a bound Array(Int64)). A part then has one row
   * per (subject, bucket end at or after its first exposure), with a `<part name>_bucket_end` column, each
   * measure counting rows up to that end; the results query joins on both.
   */
  bucketEnds?: Param;
}

/** Per-subject expressions of one metric (column references must be qualified with the part's name). */
export interface MetricExpressions {
  /** Index of the metric in ResultsQueryInput.metrics (names its output columns `m<index>_…`). */
  index: number;
  /** The per-subject value x (Float64). */
  value: Sql;
  /** Whether the subject counts for this metric (UInt8). */
  included: Sql;
  /** The paired per-subject value y (Float64), when the metric asks for one. */
  paired?: Sql;
}

/** One source's contribution to the results query. */
export interface MetricSourcePart {
  /** CTE name (code-owned, a plain identifier). */
  name: string;
  /** The CTE body: `subject` plus the columns its expressions read, one row per subject with data. */
  body: Sql;
  /** Per-subject columns over the part's columns and `first_ms` (computed before the expressions). */
  subjectColumns: Sql[];
  metrics: MetricExpressions[];
}
