/**
 * What the results query reads, in the warehouse's own terms: the domain maps its experiments
 * and metric definitions to these (domain/results/plan.ts); nothing here knows the domain.
 */

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
}

/** A metric read from the `events` table (an EVENT metric). */
export interface EventMetricInput extends EventMeasureInput {
  source: 'events';
  metricId: string;
  /** Hours after first exposure during which events count (inclusive); null = no limit. */
  windowHours: number | null;
  /**
   * A second per-subject number over the same window (the denominator of a ratio, or a
   * covariate): when given, the readout also carries Σy, Σy², Σxy, var(y) and cov(x, y).
   * A subject is included when both measures include it.
   */
  paired?: EventMeasureInput;
}

/** Every kind of metric the results query can read (fact-table metrics join this union). */
export type MetricInput = EventMetricInput;

/** One results read: an experiment's exposures and all its metrics, in one query. */
export interface ResultsQueryInput {
  environmentId: string;
  exposureEvent: string;
  featureName: string;
  /** Upper-case variant keys of the experiment. */
  variantKeys: string[];
  metrics: MetricInput[];
}
