/**
 * The stored shape of a metric definition (Metric.definition JSON) and its reading for the
 * results query. EVENT metrics: `{ event, filters: [{ property, operator, values }] }` where
 * property is `traits.<key>` or `metadata.<key>`; ratio EVENT metrics (aggregation RATIO):
 * `{ numerator: { event, aggregation, filters }, denominator: { … } }`. Either may carry
 * `cuped: { preExposureDays }` (plain metrics only) and `prior: { mean, stddev }`.
 */
import type { MetricAggregation } from '../../generated/prisma/enums.js';

/** The aggregations an EVENT metric can use (the others are for fact metrics). */
export const EVENT_AGGREGATIONS = ['COUNT', 'SUM', 'MEAN', 'OCCURRENCE'] as const satisfies readonly MetricAggregation[];
export type EventAggregation = (typeof EVENT_AGGREGATIONS)[number];

/** Whether an EVENT metric can use `aggregation`. */
export function isEventAggregation(aggregation: MetricAggregation): aggregation is EventAggregation {
  return (EVENT_AGGREGATIONS as readonly MetricAggregation[]).includes(aggregation);
}

export const FILTER_OPERATORS = [
  'EQ', 'NEQ', 'IN', 'NOT_IN', 'GT', 'GTE', 'LT', 'LTE', 'CONTAINS', 'EXISTS',
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export interface StoredPropertyFilter {
  property: string;
  operator: FilterOperator;
  values: string[];
}

export interface StoredEventDefinition {
  event: string;
  filters: StoredPropertyFilter[];
}

/** A filter split into its JSON column and key, as the SQL builder needs it. */
export interface PropertyFilterSpec {
  source: 'traits' | 'metadata';
  key: string;
  operator: FilterOperator;
  values: string[];
}

/** What the results query needs to know about one EVENT metric. */
export interface EventMetricSpec {
  metricId: string;
  event: string;
  aggregation: EventAggregation;
  filters: PropertyFilterSpec[];
  /** Hours after first exposure during which events count; null = no limit. */
  windowHours: number | null;
}

/** Splits `traits.plan` into { source: 'traits', key: 'plan' }; null when malformed. */
export function parsePropertyPath(property: string): Pick<PropertyFilterSpec, 'source' | 'key'> | null {
  const match = /^(traits|metadata)\.(.+)$/.exec(property);
  if (!match) return null;
  return { source: match[1] as 'traits' | 'metadata', key: match[2]! };
}

/** A Metric.definition JSON column of an EVENT metric (validated on write, so read as is). */
export function readEventDefinition(definition: unknown): StoredEventDefinition {
  return definition as StoredEventDefinition;
}

/** Reads a stored metric row into the results query's spec (definitions are validated on write). */
export function toEventMetricSpec(metric: {
  id: string;
  aggregation: MetricAggregation;
  definition: unknown;
  windowHours: number | null;
}): EventMetricSpec {
  const def = readEventDefinition(metric.definition);
  const { aggregation } = metric;
  // createMetric only stores EVENT metrics with an event aggregation; anything else is a broken row.
  if (!isEventAggregation(aggregation)) throw new Error(`metric ${metric.id} has the non-event aggregation ${aggregation}`);
  return {
    metricId: metric.id,
    event: def.event,
    aggregation,
    windowHours: metric.windowHours,
    filters: def.filters.map((f) => ({ ...parsePropertyPath(f.property)!, operator: f.operator, values: f.values })),
  };
}

// ---- Ratio EVENT metrics, CUPED settings and priors (issue 10) -------------------------------

/** One side of a ratio EVENT metric: its event, how a subject's events aggregate, its filters. */
export interface StoredEventMeasure {
  event: string;
  aggregation: EventAggregation;
  filters: StoredPropertyFilter[];
}

/**
 * A ratio EVENT metric (aggregation RATIO): Σ numerator / Σ denominator per variant, both
 * measured per subject over the same window (e.g. revenue per order). Analysed by the delta
 * method with the numerator–denominator covariance (stats/statistics/ratio.ts).
 */
export interface StoredRatioDefinition {
  numerator: StoredEventMeasure;
  denominator: StoredEventMeasure;
}

/** CUPED settings: the covariate is the same metric over [first exposure − days, first exposure). */
export interface StoredCupedSettings {
  preExposureDays: number;
}

/** A proper Gaussian prior on the relative lift (gbstats' `GaussianPrior`: mean, variance on the relative scale). */
export interface StoredPrior {
  mean: number;
  stddev: number;
}

/** Analysis settings stored beside a definition (Metric.definition JSON keys `cuped`, `prior`). */
export interface StoredAnalysisSettings {
  cuped?: StoredCupedSettings | null;
  prior?: StoredPrior | null;
}

/** Whether a stored definition is a ratio (`{ numerator, denominator }`). */
export function isRatioDefinition(definition: unknown): definition is StoredRatioDefinition & StoredAnalysisSettings {
  // A fact RATIO has a numerator and denominator too: an event measure names its event.
  if (typeof definition !== 'object' || definition === null || !('numerator' in definition) || !('denominator' in definition)) return false;
  const numerator = definition.numerator;
  return typeof numerator === 'object' && numerator !== null && 'event' in numerator;
}

/** The CUPED settings and prior stored with a metric's definition (absent = off / flat prior). */
export function readAnalysisSettings(definition: unknown): StoredAnalysisSettings {
  const d = (definition ?? {}) as StoredAnalysisSettings;
  return { cuped: d.cuped ?? null, prior: d.prior ?? null };
}

/** A measure (numerator or denominator) as the results query reads it. */
export interface EventMeasureSpec {
  event: string;
  aggregation: EventAggregation;
  filters: PropertyFilterSpec[];
  /** Set on CUPED's covariate: measured over [first exposure − preExposureMs, first exposure). */
  preExposureMs?: number;
}

const toFilterSpec = (f: StoredPropertyFilter): PropertyFilterSpec => ({ ...parsePropertyPath(f.property)!, operator: f.operator, values: f.values });

/**
 * Reads any stored EVENT metric (plain, ratio, with CUPED) into the results query's spec: a ratio
 * pairs its denominator with the numerator; a CUPED metric pairs itself measured before exposure.
 */
export function toEventMetricReadSpec(metric: {
  id: string;
  aggregation: MetricAggregation;
  definition: unknown;
  windowHours: number | null;
}): EventMetricSpec & { paired?: EventMeasureSpec } {
  if (isRatioDefinition(metric.definition)) {
    const { numerator, denominator } = metric.definition;
    return {
      metricId: metric.id,
      event: numerator.event,
      aggregation: numerator.aggregation,
      windowHours: metric.windowHours,
      filters: numerator.filters.map(toFilterSpec),
      paired: { event: denominator.event, aggregation: denominator.aggregation, filters: denominator.filters.map(toFilterSpec) },
    };
  }
  const spec = toEventMetricSpec(metric);
  const { cuped } = readAnalysisSettings(metric.definition);
  if (!cuped) return spec;
  return {
    ...spec,
    paired: { event: spec.event, aggregation: spec.aggregation, filters: spec.filters, preExposureMs: cuped.preExposureDays * 86_400_000 },
  };
}
