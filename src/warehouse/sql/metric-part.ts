/**
 * The seam between the results query and its metric sources. A source (events today; fact
 * tables next) contributes one CTE with a row per subject that has data, and per metric the
 * per-subject expressions over that CTE's columns. The results query (results.sql.ts) joins every
 * source to the exposed subjects (subjects without a row read zeros) and aggregates the
 * expressions into sufficient statistics per variant, whatever the source.
 */
import type { Param, Sql } from '../sql.js';

/** What every source part may use: the bound values shared by the whole query. */
export interface ResultsScope {
  /** The environment id, bound once for the whole query. */
  env: Param;
  /** The CTE of exposed subjects: columns subject, variant, first_exposure. */
  subjects: Sql;
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
  metrics: MetricExpressions[];
}
