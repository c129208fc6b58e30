/**
 * The stored shape of a metric definition (Metric.definition JSON) and its reading for the
 * results query. EVENT metrics: `{ event, filters: [{ property, operator, values }] }` where
 * property is `traits.<key>` or `metadata.<key>`.
 */
export const EVENT_AGGREGATIONS = ['COUNT', 'SUM', 'MEAN', 'OCCURRENCE'] as const;
export type EventAggregation = (typeof EVENT_AGGREGATIONS)[number];

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

/** Reads a stored metric row into the results query's spec (definitions are validated on write). */
export function toEventMetricSpec(metric: {
  id: string;
  aggregation: string;
  definition: unknown;
  windowHours: number | null;
}): EventMetricSpec {
  const def = metric.definition as StoredEventDefinition;
  return {
    metricId: metric.id,
    event: def.event,
    aggregation: metric.aggregation as EventAggregation,
    windowHours: metric.windowHours,
    filters: def.filters.map((f) => ({ ...parsePropertyPath(f.property)!, operator: f.operator, values: f.values })),
  };
}
