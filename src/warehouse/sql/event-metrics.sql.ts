/**
 * The `events` source of the results query: EVENT metrics (design §3).
 *
 * - A subject's metric events count when `first_exposure <= timestamp <= first_exposure + window`
 *   (inclusive; no upper bound without a window).
 * - Per subject and measure: matching events, the sum of their numeric values and how many had
 *   one. The per-subject value follows the aggregation: COUNT = events, SUM = value sum,
 *   OCCURRENCE = events > 0, MEAN = value sum / valued events, and MEAN leaves out subjects
 *   without a valued event (the others count subjects without events as zeros).
 * - Property filters: the JSON column comes from a fixed set; key and values are bound. Scalars
 *   are compared as text (numbers as their JSON text), ordered operators numerically.
 *
 * Reads use FINAL so a resent event counts once (see migrations/001-events.ts).
 */
import { join, param, sql, trusted, type Sql } from '../sql.js';
import type { MetricExpressions, MetricSourcePart, ResultsScope } from './metric-part.js';
import type { EventAggregationInput, EventMeasureInput, EventMetricInput, PropertyFilterInput } from './results-input.js';

const NAME = 'source_events';

/** The events part for `metrics` (each with its index in the query's metric list). */
export function eventMetricsPart(scope: ResultsScope, metrics: { index: number; metric: EventMetricInput }[]): MetricSourcePart {
  const eventNames = [...new Set(metrics.flatMap(({ metric }) => [metric.event, ...(metric.paired ? [metric.paired.event] : [])]))];
  const columns: Sql[] = [];
  const expressions: MetricExpressions[] = [];
  for (const { index, metric } of metrics) {
    const m = `m${index}`;
    const window = param(metric.windowHours == null ? -1 : metric.windowHours * 3_600_000, 'Int64', `${m}_window_ms`);
    const inWindow = sql`e.timestamp >= s.first_exposure AND (${window} < 0 OR toUnixTimestamp64Milli(e.timestamp) <= toUnixTimestamp64Milli(s.first_exposure) + ${window})`;
    columns.push(...measureColumns(metric, m, inWindow));
    const x = subjectValue(metric.aggregation, m);
    if (metric.paired) {
      columns.push(...measureColumns(metric.paired, `${m}_y`, inWindow));
      const y = subjectValue(metric.paired.aggregation, `${m}_y`);
      expressions.push({ index, value: x.value, included: sql`(${x.included}) AND (${y.included})`, paired: y.value });
    } else {
      expressions.push({ index, value: x.value, included: x.included });
    }
  }
  const body = sql`SELECT s.subject AS subject,
           ${join(columns, ',\n           ')}
    FROM ${scope.subjects} AS s
    INNER JOIN (
      SELECT identifier, event, value_number, timestamp, traits, metadata
      FROM events FINAL
      WHERE environment_id = ${scope.env}
        AND event IN ${param(eventNames, 'Array(String)', 'metric_events')}
        AND identifier IN (SELECT subject FROM ${scope.subjects})
    ) AS e ON e.identifier = s.subject
    GROUP BY s.subject`;
  return { name: NAME, body, metrics: expressions };
}

/** The per-subject columns of one measure: `<p>_events`, `<p>_value_sum`, `<p>_valued`. */
function measureColumns(measure: EventMeasureInput, p: string, inWindow: Sql): Sql[] {
  const cond = join(
    [sql`e.event = ${param(measure.event, 'String', `${p}_event`)}`, inWindow, ...measure.filters.map((f, j) => filterCondition(f, `${p}_f${j}`))],
    ' AND ',
  );
  return [
    sql`countIf(${cond}) AS ${trusted(`${p}_events`)}`,
    sql`sumIf(coalesce(e.value_number, 0), ${cond}) AS ${trusted(`${p}_value_sum`)}`,
    sql`countIf(${cond} AND e.value_number IS NOT NULL) AS ${trusted(`${p}_valued`)}`,
  ];
}

/** Per-subject value and inclusion of a measure, over the part's columns (MEAN excludes subjects without values). */
function subjectValue(aggregation: EventAggregationInput, p: string): { value: Sql; included: Sql } {
  const col = (suffix: string) => trusted(`${NAME}.${p}_${suffix}`);
  switch (aggregation) {
    case 'COUNT':
      return { value: sql`toFloat64(${col('events')})`, included: sql`1` };
    case 'SUM':
      return { value: sql`toFloat64(${col('value_sum')})`, included: sql`1` };
    case 'OCCURRENCE':
      return { value: sql`toFloat64(${col('events')} > 0)`, included: sql`1` };
    case 'MEAN':
      return { value: sql`${col('value_sum')} / ${col('valued')}`, included: sql`${col('valued')} > 0` };
  }
}

/** SQL condition for one property filter; every key and value bound (names prefixed `p`). */
function filterCondition(filter: PropertyFilterInput, p: string): Sql {
  const column = trusted(filter.source === 'traits' ? 'e.traits' : 'e.metadata');
  const key = param(filter.key, 'String', `${p}_key`);
  const text = sql`if(JSONType(${column}, ${key}) = 'String', JSONExtractString(${column}, ${key}), JSONExtractRaw(${column}, ${key}))`;
  const has = sql`JSONHas(${column}, ${key})`;
  const one = () => param(filter.values[0], 'String', `${p}_value`);
  const number = () => param(Number(filter.values[0]), 'Float64', `${p}_value`);
  const list = () => param(filter.values, 'Array(String)', `${p}_values`);
  switch (filter.operator) {
    case 'EXISTS':
      return has;
    case 'EQ':
      return sql`(${has} AND ${text} = ${one()})`;
    case 'NEQ':
      return sql`NOT (${has} AND ${text} = ${one()})`;
    case 'IN':
      return sql`(${has} AND has(${list()}, ${text}))`;
    case 'NOT_IN':
      return sql`NOT (${has} AND has(${list()}, ${text}))`;
    case 'CONTAINS':
      return sql`(${has} AND position(${text}, ${one()}) > 0)`;
    case 'GT':
      return sql`ifNull(toFloat64OrNull(${text}) > ${number()}, 0)`;
    case 'GTE':
      return sql`ifNull(toFloat64OrNull(${text}) >= ${number()}, 0)`;
    case 'LT':
      return sql`ifNull(toFloat64OrNull(${text}) < ${number()}, 0)`;
    case 'LTE':
      return sql`ifNull(toFloat64OrNull(${text}) <= ${number()}, 0)`;
  }
}
