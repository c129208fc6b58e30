/**
 * What the results query reads, in the warehouse's own terms: the domain maps its experiments
 * and metric definitions to these (domain/results/plan.ts); nothing here knows the domain.
 */
import type { Sql } from '../sql.js';

/** How an event measure turns a subject's matching events into one number. */
export type EventAggregationInput = 'COUNT' | 'SUM' | 'MEAN' | 'OCCURRENCE';

/** A property filter on an event's JSON column (`traits` or `metadata`). */
export interface PropertyFilterInput {
  source: 'traits' | 'metadata';
  key: string;
  operator: 'EQ' | 'NEQ' | 'IN' | 'NOT_IN' | 'GT' | 'GTE' | 'LT' | 'LTE' | 'CONTAINS' | 'EXISTS';
  /** Compared as text (EQ, NEQ, IN, NOT_IN, CONTAINS) or as a number (GT, GTE, LT, LTE: values[0]). */
  values: string[];
}

/** One per-subject number computed from events: which events, which filters, how aggregated. */
export interface EventMeasureInput {
  event: string;
  aggregation: EventAggregationInput;
  filters: PropertyFilterInput[];
  /**
   * Measured before exposure instead (CUPED's covariate): events with
   * `first_exposure − preExposureMs <= time < first_exposure` count, the metric's window does
   * not apply, and every subject is included (MEAN without a valued event reads 0).
   */
  preExposureMs?: number;
}

/** A metric read from the `events` table (an EVENT metric). */
export interface EventMetricInput extends EventMeasureInput {
  source: 'events';
  metricId: string;
  /** Hours after first exposure during which events count (inclusive); null = no limit. */
  windowHours: number | null;
  /**
   * A second per-subject number (the denominator of a ratio over the same window, or CUPED's
   * covariate over the pre-exposure window when it has `preExposureMs`): when given, the readout also carries Σy, Σy², Σxy, var(y) and cov(x, y).
   * A subject is included when both measures include it.
   */
  paired?: EventMeasureInput;
}

/** How a fact operand turns a subject's rows into one number. */
export type FactAggregationInput = 'COUNT' | 'SUM' | 'MEAN' | 'COUNT_DISTINCT' | 'OCCURRENCE';

/**
 * A fact table as the results query reads it. `sql` and the filters' SQL were checked by the
 * sandbox (warehouse/sandbox.ts) when the fact table was saved and are the engine's formatting:
 * they are spliced as they are, and the query runs in the environment's locked session.
 */
export interface FactTableSourceInput {
  id: string;
  sql: string;
  /** Plain identifiers (validated when the fact table was saved). */
  identifierColumn: string;
  timestampColumn: string;
}

/** One per-subject number computed from a fact table's rows. */
export interface FactOperandInput {
  table: FactTableSourceInput;
  aggregation: FactAggregationInput;
  /** A plain identifier; null for COUNT and OCCURRENCE. */
  column: string | null;
  /** Checked boolean expressions over the table's columns (AND). */
  filters: string[];
}

/** A metric read from fact tables (a FACT metric): one operand, or a ratio of two. */
export interface FactMetricInput {
  source: 'fact';
  metricId: string;
  /** Hours after first exposure during which rows count (inclusive, on the timestamp column); null = no limit. */
  windowHours: number | null;
  numerator: FactOperandInput;
  /** RATIO: read as the paired value y (Σy, Σy², Σxy, var(y), cov(x, y)). */
  denominator?: FactOperandInput;
}

/** Every kind of metric the results query can read. */
export type MetricInput = EventMetricInput | FactMetricInput;

/** One results read: an experiment's exposures and all its metrics, in one query. */
export interface ResultsQueryInput {
  environmentId: string;
  exposureEvent: string;
  featureName: string;
  /** Upper-case variant keys of the experiment. */
  variantKeys: string[];
  metrics: MetricInput[];
  /**
   * Start times (epoch ms, ascending) of the experiment's cohorts, from the control plane: each
   * subject is counted in the cohort period of its first exposure (1-based; exposures before the
   * first start count in period 1), for the sample-ratio check per cohort. Absent: not counted.
   */
  cohortStartsMs?: number[];
  /**
   * The database of the `events` table, when the query runs in a sandbox session whose default
   * database is the environment's (queries with FACT metrics); unqualified otherwise.
   */
  eventsDatabase?: string;
  /**
   * With FACT metrics: the CTE that makes `events` in user SQL mean the environment's own events
   * (sandbox.ts `eventsCte`), first in the query's WITH.
   */
  userEvents?: Sql;
}
