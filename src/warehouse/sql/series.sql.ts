/**
 * The series query (family `metrics.series`): per metric and UTC bucket, the figures every EVENT
 * aggregation is computed from — matching events, the sum of their numeric values, how many had
 * one, and distinct subjects (identifiers) — for any number of series in ONE statement.
 *
 * - Series are grouped by (environment, interval); each group scans the environment's events
 *   once (`environmentEvents`, so a resent event counts once) over the union of its series'
 *   ranges, evaluates every series' event + filter + range condition once per row
 *   (`s<k>_match`), and fans the row out to the matching series (`arrayJoin`), so N metrics of
 *   a group cost one scan, not N. Groups are concatenated with UNION ALL.
 * - Buckets: `toStartOfHour` / `toStartOfDay` of the UTC timestamp, returned as Unix seconds.
 * - Filters mean what they mean in results (the same `filterCondition` over the same per-row
 *   property maps); every value — environment, events, filter keys and values, range ends — is a
 *   bound parameter. Buckets without events have no row: the domain densifies.
 */
import { join, param, sql, trusted, type Sql } from '../sql.js';
import { environmentEvents } from './events-source.js';
import { filterCondition, propertyMap } from './event-metrics.sql.js';
import type { PropertyFilterInput } from './results-input.js';

/** One series: an EVENT metric's event and filters over [fromMs, toMs). */
export interface EventSeriesInput {
  event: string;
  filters: PropertyFilterInput[];
  /** Range start (inclusive), ms since the epoch, on a bucket boundary. */
  fromMs: number;
  /** Range end (exclusive), ms since the epoch, on a bucket boundary. */
  toMs: number;
}

/** Series of one environment at one interval: scanned together. */
export interface SeriesGroupInput {
  environmentId: string;
  interval: 'HOUR' | 'DAY';
  series: EventSeriesInput[];
}

/** Columns of a row of the series query (counts may come back as strings: UInt64). */
export interface SeriesRow {
  /** Index of the series over all groups, in input order. */
  series: number;
  /** Bucket start, Unix seconds. */
  bucket: number;
  events: number | string;
  value_sum: number;
  valued: number | string;
  subjects: number | string;
}

const BUCKET = { HOUR: 'toStartOfHour', DAY: 'toStartOfDay' } as const;

/** The statement for `groups` (each non-empty); series are numbered across groups in order. */
export function seriesQuery(groups: readonly SeriesGroupInput[]): Sql {
  let next = 0;
  const parts = groups.map((group, g) => {
    const part = groupPart(group, g, next);
    next += group.series.length;
    return part;
  });
  return sql`SELECT series, bucket, events, value_sum, valued, subjects
FROM (
${join(parts, '\nUNION ALL\n')}
)
ORDER BY series, bucket`;
}

/** One group's scan: a row per (series, bucket) with events. */
function groupPart(group: SeriesGroupInput, g: number, first: number): Sql {
  if (group.series.length === 0) throw new RangeError('seriesQuery: a group without series');
  const env = param(group.environmentId, 'String', `g${g}_env`);
  const from = param(Math.min(...group.series.map((s) => s.fromMs)), 'Int64', `g${g}_from_ms`);
  const to = param(Math.max(...group.series.map((s) => s.toMs)), 'Int64', `g${g}_to_ms`);
  const events = param([...new Set(group.series.map((s) => s.event))], 'Array(String)', `g${g}_events`);
  const sources = [...new Set(group.series.flatMap((s) => s.filters.map((f) => f.source)))].sort();
  const matches = group.series.map((s, i) => matchColumn(s, `s${first + i}`));
  const fanOut = group.series.map((_, i) => trusted(`if(s${first + i}_match, ${first + i}, -1)`));
  return sql`  SELECT series, toUInt32(toUnixTimestamp(bucket_start)) AS bucket,
         count() AS events,
         sum(coalesce(value_number, 0)) AS value_sum,
         countIf(value_number IS NOT NULL) AS valued,
         uniqExactIf(identifier, identifier IS NOT NULL) AS subjects
  FROM (
    SELECT arrayJoin(arrayFilter(x -> x >= 0, [${join(fanOut)}])) AS series,
           ${trusted(BUCKET[group.interval])}(timestamp) AS bucket_start, identifier, value_number
    FROM (
      SELECT timestamp, identifier, value_number${join(sources.map((s) => sql`,\n             ${propertyMap(s)}`), '')}${join(matches.map((m) => sql`,\n             ${m}`), '')}
      FROM ${environmentEvents(env)} AS ev
      WHERE event IN ${events}
        AND timestamp >= fromUnixTimestamp64Milli(${from}, 'UTC')
        AND timestamp < fromUnixTimestamp64Milli(${to}, 'UTC')
    )
  )
  GROUP BY series, bucket_start`;
}

/** `s<k>_match`: the row is the series' event, passes its filters and lies in its range. */
function matchColumn(series: EventSeriesInput, p: string): Sql {
  const conditions = [
    sql`event = ${param(series.event, 'String', `${p}_event`)}`,
    sql`timestamp >= fromUnixTimestamp64Milli(${param(series.fromMs, 'Int64', `${p}_from_ms`)}, 'UTC')`,
    sql`timestamp < fromUnixTimestamp64Milli(${param(series.toMs, 'Int64', `${p}_to_ms`)}, 'UTC')`,
    ...series.filters.map((f, j) => filterCondition(f, `${p}_f${j}`)),
  ];
  return sql`(${join(conditions, ' AND ')}) AS ${trusted(`${p}_match`)}`;
}
