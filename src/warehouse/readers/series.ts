/**
 * Runs the series query (one statement for every series asked, family `metrics.series`) and
 * returns, per series, its buckets that had events with their figures. UInt64 counts may come back
 * as strings: converted here. Densifying (zero vs null) is the domain's rule, not the reader's.
 */
import { QUERY_FAMILIES, type WarehouseQueries } from '../query.js';
import { seriesQuery, type SeriesGroupInput, type SeriesRow } from '../sql/series.sql.js';

/** What a bucket's events add up to for one series. */
export interface BucketFigures {
  /** Matching events. */
  events: number;
  /** Σ numeric value of the matching events (events without one count 0). */
  valueSum: number;
  /** Matching events with a numeric value. */
  valued: number;
  /** Distinct identifiers among the matching events (events without one are not counted). */
  subjects: number;
}

const num = (v: unknown): number => {
  const n = typeof v === 'number' ? v : Number(v ?? 0);
  return Number.isFinite(n) ? n : 0;
};

/**
 * One warehouse round trip for every series of `groups`: the result has one map per series, in
 * input order across groups (bucket start ms → figures; only buckets with events). Empty input
 * reads nothing. Throws WarehouseError.
 */
export async function readSeries(warehouse: WarehouseQueries, groups: readonly SeriesGroupInput[]): Promise<Map<number, BucketFigures>[]> {
  const nonEmpty = groups.filter((g) => g.series.length > 0);
  const out = nonEmpty.flatMap((g) => g.series.map(() => new Map<number, BucketFigures>()));
  if (out.length === 0) return out;
  const rows = await warehouse.query<SeriesRow>(QUERY_FAMILIES.metricsSeries, seriesQuery(nonEmpty), { analytical: true });
  for (const row of rows) {
    out[num(row.series)]?.set(num(row.bucket) * 1000, {
      events: num(row.events),
      valueSum: num(row.value_sum),
      valued: num(row.valued),
      subjects: num(row.subjects),
    });
  }
  return out;
}
