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
 * Why the SQL text stays bounded whatever is attached (issue 14, finding 4: 50 metrics × 20
 * filters were ~690 KB of text, past the engine's max_query_size of 256 KiB): values travel as
 * parameters, which do not count against it; each event row's `traits` / `metadata` is parsed
 * once into a key → text map (`tp`, `mp`: a string's value, anything else its raw JSON text —
 * exactly what JSONHas / JSONType / JSONExtractString / JSONExtractRaw gave per filter, first
 * duplicate key wins), so a filter is a short lookup; and each measure's event + filter condition
 * is computed once per row (`<p>_match`) instead of once per aggregate that reads it.
 * test/unit/results-sql.test.ts bounds the worst case's text.
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
  const matches: Sql[] = [];
  const counted: Sql[] = [];
  const expressions: MetricExpressions[] = [];
  const sources = new Set<PropertyFilterInput['source']>();
  for (const { index, metric } of metrics) {
    const m = `m${index}`;
    const window = param(metric.windowHours == null ? -1 : metric.windowHours * 3_600_000, 'Int64', `${m}_window_ms`);
    // since_ms: the row's time after the subject's first exposure (DateTime64(3): exact in ms).
    const inWindow = sql`since_ms >= 0 AND (${window} < 0 OR since_ms <= ${window})`;
    const measures: [EventMeasureInput, string][] = [[metric, m], ...(metric.paired ? [[metric.paired, `${m}_y`] as [EventMeasureInput, string]] : [])];
    for (const [measure, p] of measures) {
      matches.push(matchColumn(measure, p));
      counted.push(sql`(e.${trusted(`${p}_match`)} AND ${inWindow}) AS ${trusted(`${p}_ok`)}`);
      columns.push(...measureColumns(p));
      for (const f of measure.filters) sources.add(f.source);
    }
    const x = subjectValue(metric.aggregation, m);
    if (metric.paired) {
      const y = subjectValue(metric.paired.aggregation, `${m}_y`);
      expressions.push({ index, value: x.value, included: sql`(${x.included}) AND (${y.included})`, paired: y.value });
    } else {
      expressions.push({ index, value: x.value, included: x.included });
    }
  }
  const body = sql`SELECT subject,
           ${join(columns, ',\n           ')}
    FROM (
      SELECT s.subject AS subject, e.value_number AS value_number,
             toUnixTimestamp64Milli(e.timestamp) - toUnixTimestamp64Milli(s.first_exposure) AS since_ms${join(counted.map((c) => sql`,\n             ${c}`), '')}
      FROM ${scope.subjects} AS s
      INNER JOIN (
        SELECT identifier, value_number, timestamp${join(
          [...sources].sort().map((source) => sql`,\n               ${propertyMap(source)}`),
          '',
        )}${join(matches.map((c) => sql`,\n               ${c}`), '')}
        FROM events FINAL
        WHERE environment_id = ${scope.env}
          AND event IN ${param(eventNames, 'Array(String)', 'metric_events')}
          AND identifier IN (SELECT subject FROM ${scope.subjects})
      ) AS e ON e.identifier = s.subject
    )
    GROUP BY subject`;
  return { name: NAME, body, metrics: expressions };
}

/** `<p>_match`: whether an event row is the measure's event and passes its filters (once per row). */
function matchColumn(measure: EventMeasureInput, p: string): Sql {
  const cond = join(
    [sql`event = ${param(measure.event, 'String', `${p}_event`)}`, ...measure.filters.map((f, j) => filterCondition(f, `${p}_f${j}`))],
    ' AND ',
  );
  return sql`(${cond}) AS ${trusted(`${p}_match`)}`;
}

/** The per-subject columns of one measure over its `<p>_ok` rows: `<p>_events`, `<p>_value_sum`, `<p>_valued`. */
function measureColumns(p: string): Sql[] {
  const ok = trusted(`${p}_ok`);
  return [
    sql`countIf(${ok}) AS ${trusted(`${p}_events`)}`,
    sql`sumIf(coalesce(value_number, 0), ${ok}) AS ${trusted(`${p}_value_sum`)}`,
    sql`countIf(${ok} AND value_number IS NOT NULL) AS ${trusted(`${p}_valued`)}`,
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

/** Alias of the per-row property map of a JSON column (see propertyMap). */
const MAP_OF = { traits: 'tp', metadata: 'mp' } as const;

/**
 * `<json column>` parsed once per row into Map(key, text): a string value as its text, any other
 * value as its raw JSON (numbers as written, normalised: `1.50` → `1.5`), top-level keys only.
 */
export function propertyMap(source: PropertyFilterInput['source']): Sql {
  return sql`CAST(arrayMap(kv -> (kv.1, if(JSONType(kv.2) = 'String', JSONExtractString(kv.2), kv.2)), JSONExtractKeysAndValuesRaw(${trusted(source)})), 'Map(String, String)') AS ${trusted(MAP_OF[source])}`;
}

/** SQL condition for one property filter over the row's property map; every key and value bound (names prefixed `p`). */
export function filterCondition(filter: PropertyFilterInput, p: string): Sql {
  const map = trusted(MAP_OF[filter.source]);
  const key = param(filter.key, 'String', `${p}k`);
  const text = sql`${map}[${key}]`;
  const has = sql`mapContains(${map}, ${key})`;
  const one = () => param(filter.values[0], 'String', `${p}v`);
  const number = () => param(Number(filter.values[0]), 'Float64', `${p}v`);
  const list = () => param(filter.values, 'Array(String)', `${p}v`);
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
