/**
 * The stored shape of a metric definition (Metric.definition JSON) and its reading for the
 * results query. EVENT metrics: `{ event, filters: [{ property, operator, values }] }` where
 * property is `traits.<key>` or `metadata.<key>`.
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
