/**
 * The `events` source of the results query: EVENT metrics (design §3), read in the same pass over
 * the environment's events as the exposures (results.sql.ts).
 *
 * - Per row (before grouping by subject): each measure's event + filter condition, once
 *   (`<p>_match`). The JSON columns are parsed only when a filter reads them, and never travel
 *   further: a row carries its time, numeric value and match flags, nothing else.
 * - Per subject: the rows of metric events are collected as aligned numeric arrays (time ms,
 *   value, a bit mask of the measures they match; numeric arrays are several times cheaper to
 *   collect than arrays of tuples); once the subject's first exposure is known, each measure
 *   counts the events that match with `first_exposure <= time <= first_exposure + window`
 *   (inclusive; no upper bound without a window): matching events, the sum of their numeric
 *   values and how many had one. The per-subject value follows the aggregation: COUNT = events,
 *   SUM = value sum, OCCURRENCE = events > 0, MEAN = value sum / valued events, and MEAN leaves
 *   out subjects without a valued event (the others count subjects without events as zeros).
 * - Property filters: the JSON column comes from a fixed set; key and values are bound. Scalars
 *   are compared as text (numbers as their JSON text), ordered operators numerically.
 *
 * Why the SQL text stays bounded whatever is attached (issue 14, finding 4: 50 metrics × 20
 * filters were ~690 KB of text, past the engine's max_query_size of 256 KiB): values travel as
 * parameters, which do not count against it; each event row's `traits` / `metadata` is parsed
 * once into a key → text map (`tp`, `mp`: a string's value, anything else its raw JSON text —
 * exactly what JSONHas / JSONType / JSONExtractString / JSONExtractRaw gave per filter, first
 * duplicate key wins), so a filter is a short lookup; and each measure's condition is computed
 * once per row. test/unit/results-sql.test.ts bounds the worst case's text.
 *
 * Rows come from `environmentEvents` (events-source.ts): a resent event is counted once.
 */
import { join, param, sql, trusted, type Param, type Sql } from '../sql.js';
import type { MetricExpressions } from './metric-part.js';
import type { EventAggregationInput, EventMeasureInput, EventMetricInput, PropertyFilterInput } from './results-input.js';

/** What the event metrics add to the results pass (results.sql.ts). */
export interface EventMetricsPass {
  /** Event names the metrics read (bound once as `metric_events`). */
  events: Param;
  /** Per-row columns: the property maps the filters need, each measure's `<p>_match`, the `mask<j>` words. */
  rowColumns: Sql[];
  /**
   * Per-subject arrays of the subject's metric events, aligned: `metric_ts` (time ms),
   * `metric_values` (value, NaN when none) and `metric_mask<j>` (bit k = measure 64·j + k matched).
   */
  collect: Sql[];
  /** Per-subject columns over those arrays and `first_ms`: `<p>_ok`, `<p>_events`, `<p>_value_sum`, `<p>_valued`. */
  subjectColumns: Sql[];
  metrics: MetricExpressions[];
}

/** Measures per mask word (UInt64). */
const MASK_BITS = 64;

/**
 * The event-metric pass for `metrics` (each with its index in the query's metric list). `until`
 * (an Int64 ms expression of the per-subject stage, e.g. a bucket end) also bounds every
 * post-exposure measure from above (results over time); pre-exposure covariates ignore it.
 */
export function eventMetricsPass(metrics: { index: number; metric: EventMetricInput }[], until?: Sql): EventMetricsPass {
  const eventNames = [...new Set(metrics.flatMap(({ metric }) => [metric.event, ...(metric.paired ? [metric.paired.event] : [])]))];
  const matches: Sql[] = [];
  const subjectColumns: Sql[] = [];
  const expressions: MetricExpressions[] = [];
  const sources = new Set<PropertyFilterInput['source']>();
  const filtered: EventMeasureInput[] = [];
  let measureCount = 0;
  const names: string[] = [];
  const bitOf = new Map<string, number>();
  for (const { index, metric } of metrics) {
    const m = `m${index}`;
    const window = param(metric.windowHours == null ? -1 : metric.windowHours * 3_600_000, 'Int64', `${m}_window_ms`);
    const measures: [EventMeasureInput, string][] = [[metric, m], ...(metric.paired ? [[metric.paired, `${m}_y`] as [EventMeasureInput, string]] : [])];
    for (const [measure, p] of measures) {
      // One match bit per distinct (event, filters): a CUPED covariate, or several metrics on the
      // same events, reuse it, so their filters are neither written nor evaluated twice.
      const identity = JSON.stringify([measure.event, measure.filters]);
      let k = bitOf.get(identity);
      if (k === undefined) {
        k = measureCount++;
        bitOf.set(identity, k);
        matches.push(matchColumn(measure, p));
        names.push(`${p}_match`);
        for (const f of measure.filters) sources.add(f.source);
        if (measure.filters.length) filtered.push(measure);
      }
      const word = trusted(`metric_mask${Math.floor(k / MASK_BITS)}`);
      const bit = trusted(String(k % MASK_BITS));
      // since first exposure, within the window (inclusive both ends; DateTime64(3): exact in ms),
      // or, for a covariate, within the pre-exposure window [first − pre, first)
      const ok =
        measure.preExposureMs === undefined
          ? sql`bitTest(w, ${bit}) AND t >= first_ms AND (${window} < 0 OR t <= first_ms + ${window})${until ? sql` AND t <= ${until}` : sql``}`
          : sql`bitTest(w, ${bit}) AND t < first_ms AND t >= first_ms - ${param(measure.preExposureMs, 'Int64', `${p}_pre_ms`)}`;
      subjectColumns.push(...measureColumns(p, ok, word));
    }
    const x = subjectValue(metric.aggregation, m);
    if (metric.paired) {
      const y = subjectValue(metric.paired.aggregation, `${m}_y`, metric.paired.preExposureMs !== undefined);
      expressions.push({ index, value: x.value, included: sql`(${x.included}) AND (${y.included})`, paired: y.value });
    } else {
      expressions.push({ index, value: x.value, included: x.included });
    }
  }
  const words = Math.ceil(measureCount / MASK_BITS);
  const masks = Array.from({ length: words }, (_, j) => {
    const bits = matches.slice(j * MASK_BITS, (j + 1) * MASK_BITS).map((_, b) => trusted(`bitShiftLeft(toUInt64(${names[j * MASK_BITS + b]}), ${b})`));
    return sql`${join(bits, ' + ')} AS ${trusted(`mask${j}`)}`;
  });
  const anyMatch = join(Array.from({ length: words }, (_, j) => trusted(`mask${j} != 0`)), ' OR ');
  // The maps are parsed only on rows of an event some filter reads (short-circuit `if`).
  const filterEvents = param([...new Set(filtered.map((f) => f.event))], 'Array(String)', 'filtered_events');
  return {
    events: param(eventNames, 'Array(String)', 'metric_events'),
    rowColumns: [...[...sources].sort().map((source) => propertyMap(source, filterEvents)), ...matches, ...masks],
    collect: [
      sql`groupArrayIf(ts_ms, ${anyMatch}) AS metric_ts`,
      sql`groupArrayIf(ifNull(value_number, nan), ${anyMatch}) AS metric_values`,
      ...Array.from({ length: words }, (_, j) => sql`groupArrayIf(${trusted(`mask${j}`)}, ${anyMatch}) AS ${trusted(`metric_mask${j}`)}`),
    ],
    subjectColumns,
    metrics: expressions,
  };
}

/** `<p>_match`: whether an event row is the measure's event and passes its filters (once per row). */
function matchColumn(measure: EventMeasureInput, p: string): Sql {
  const cond = join(
    [sql`event = ${param(measure.event, 'String', `${p}_event`)}`, ...measure.filters.map((f, j) => filterCondition(f, `${p}_f${j}`))],
    ' AND ',
  );
  return sql`ifNull(${cond}, 0) AS ${trusted(`${p}_match`)}`;
}

/**
 * The per-subject columns of one measure: `<p>_ok` (per event of the subject, whether `ok` holds;
 * computed once), then `<p>_events`, `<p>_value_sum`, `<p>_valued` over it.
 */
function measureColumns(p: string, ok: Sql, word: Sql): Sql[] {
  const okArray = trusted(`${p}_ok`);
  return [
    sql`arrayMap((t, w) -> ${ok}, metric_ts, ${word}) AS ${okArray}`,
    sql`arraySum(${okArray}) AS ${trusted(`${p}_events`)}`,
    sql`arraySum((o, v) -> if(o AND NOT isNaN(v), v, 0), ${okArray}, metric_values) AS ${trusted(`${p}_value_sum`)}`,
    sql`arraySum((o, v) -> o AND NOT isNaN(v), ${okArray}, metric_values) AS ${trusted(`${p}_valued`)}`,
  ];
}

/**
 * Per-subject value and inclusion of a measure, over the part's columns (MEAN excludes subjects
 * without values). A covariate includes everyone: a subject new before exposure has covariate 0
 * (gbstats does the same for missing pre-exposure data), so CUPED never drops subjects.
 */
function subjectValue(aggregation: EventAggregationInput, p: string, covariate = false): { value: Sql; included: Sql } {
  const col = (suffix: string) => trusted(`${p}_${suffix}`);
  if (covariate && aggregation === 'MEAN') {
    return { value: sql`if(${col('valued')} > 0, ${col('value_sum')} / ${col('valued')}, 0)`, included: sql`1` };
  }
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
export function propertyMap(source: PropertyFilterInput['source'], onEvents?: Param): Sql {
  const map = sql`CAST(arrayMap(kv -> (kv.1, if(JSONType(kv.2) = 'String', JSONExtractString(kv.2), kv.2)), JSONExtractKeysAndValuesRaw(${trusted(source)})), 'Map(String, String)')`;
  // Parsed only on the rows of the events that filter on it, when the caller says which.
  return onEvents ? sql`if(event IN ${onEvents}, ${map}, map()) AS ${trusted(MAP_OF[source])}` : sql`${map} AS ${trusted(MAP_OF[source])}`;
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
