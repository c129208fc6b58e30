/**
 * Metric series: a metric's value per UTC bucket, densified (every bucket present; count-shaped
 * aggregations 0 where there were no events, fractional ones null), filters as in results.
 *
 * `readSeriesBatch` reads any number of series in one warehouse query (grouped by environment and
 * interval, one scan per group); `createSeriesReaderFactory` wraps it in a DataLoader per GraphQL
 * request, so every `Metric.series` field of a request, and every `MetricPoint.anomaly`, costs one
 * warehouse query and one control-plane query.
 *
 * Values per bucket (EVENT metrics; the events of the bucket that match the definition):
 * COUNT = events, SUM = Σ numeric values, OCCURRENCE = distinct subjects, MEAN = Σ values / valued
 * events (null without a valued event). A metric's conversion window applies to experiment
 * results only (it is relative to a subject's exposure) and not to series.
 * FACT metrics: not served until fact tables land (the seam is `toSeriesInput`).
 */
import DataLoader from 'dataloader';
import type { AnomalySignal, BucketInterval, Metric, PrismaClient } from '../../generated/prisma/client.js';
import type { WarehouseQueries } from '../../warehouse/query.js';
import { readSeries, type BucketFigures } from '../../warehouse/readers/series.js';
import type { EventSeriesInput, SeriesGroupInput } from '../../warehouse/sql/series.sql.js';
import { ValidationError } from '../errors.js';
import { isRatioDefinition, toEventMetricSpec } from '../metric/definition.js';
import { fromWarehouseError } from '../warehouse-failure.js';
import { densify, isCountShaped, seriesRange, type BucketRange, type SeriesPoint } from './rules.js';

/** The metric fields a series needs. */
export type SeriesMetric = Pick<Metric, 'id' | 'environmentId' | 'kind' | 'aggregation' | 'definition' | 'windowHours'>;

/** One series to read: a metric over whole buckets [range.start, range.end). */
export interface SeriesRequest {
  metric: SeriesMetric;
  interval: BucketInterval;
  range: Pick<BucketRange, 'start' | 'end'>;
}

/** The warehouse input of a metric's series; VALIDATION for metrics whose series are not served (FACT, until fact tables land). */
export function toSeriesInput(metric: SeriesMetric, range: Pick<BucketRange, 'start' | 'end'>): EventSeriesInput {
  if (metric.kind !== 'EVENT') {
    // Seam for the fact-tables issue: a FACT metric's series will read its fact table here.
    throw new ValidationError('series of FACT metrics are not served yet (they come with fact tables)');
  }
  if (isRatioDefinition(metric.definition)) {
    // A ratio's bucket value would need both sides per bucket; metric rules refuse monitoring them.
    throw new ValidationError('series of ratio metrics are not served yet');
  }
  const spec = toEventMetricSpec(metric);
  return { event: spec.event, filters: spec.filters, fromMs: range.start, toMs: range.end };
}

/** A bucket's value from its figures, by aggregation (see the file header); null = undefined. */
export function bucketValue(aggregation: Metric['aggregation'], f: BucketFigures): number | null {
  switch (aggregation) {
    case 'COUNT':
      return f.events;
    case 'SUM':
      return f.valueSum;
    case 'OCCURRENCE':
    case 'COUNT_DISTINCT':
      return f.subjects;
    case 'MEAN':
    case 'RATIO':
      return f.valued > 0 ? f.valueSum / f.valued : null;
  }
}

/**
 * Reads every request's densified series in one warehouse query (one scan per environment and
 * interval). Throws VALIDATION for a FACT metric, WAREHOUSE_UNAVAILABLE / WAREHOUSE_LIMIT when
 * the warehouse cannot answer.
 */
export async function readSeriesBatch(warehouse: WarehouseQueries, requests: readonly SeriesRequest[]): Promise<SeriesPoint[][]> {
  const groups = new Map<string, { group: SeriesGroupInput; members: number[] }>();
  requests.forEach((r, i) => {
    const key = `${r.metric.environmentId}|${r.interval}`;
    let entry = groups.get(key);
    if (!entry) {
      entry = { group: { environmentId: r.metric.environmentId, interval: r.interval, series: [] }, members: [] };
      groups.set(key, entry);
    }
    entry.group.series.push(toSeriesInput(r.metric, r.range));
    entry.members.push(i);
  });
  let figures: Map<number, BucketFigures>[];
  try {
    figures = await readSeries(warehouse, [...groups.values()].map((e) => e.group));
  } catch (err) {
    throw fromWarehouseError(err);
  }
  const order = [...groups.values()].flatMap((e) => e.members);
  const out: SeriesPoint[][] = new Array(requests.length);
  order.forEach((requestIndex, seriesIndex) => {
    const r = requests[requestIndex]!;
    const values = new Map<number, number | null>();
    for (const [bucket, f] of figures[seriesIndex] ?? []) values.set(bucket, bucketValue(r.metric.aggregation, f));
    out[requestIndex] = densify(r.range, r.interval, values, isCountShaped(r.metric.aggregation));
  });
  return out;
}

/** Series and signal lookups for one GraphQL request (batched; never shared between requests). */
export interface MonitoringReader {
  /** The metric's densified series over [from, to) widened to whole buckets. VALIDATION for a bad or too long range. */
  series(metric: SeriesMetric, args: { from: Date; to: Date; interval: BucketInterval }): Promise<SeriesPoint[]>;
  /** The signal stored for the metric's bucket at `interval`, or null. */
  signalAt(metricId: string, interval: BucketInterval, bucket: Date): Promise<AnomalySignal | null>;
}

/** A factory of per-request readers over the stores. */
export function createMonitoringReaderFactory(deps: { prisma: PrismaClient; warehouse: WarehouseQueries }): () => MonitoringReader {
  return () => {
    const seriesLoader = new DataLoader<SeriesRequest, SeriesPoint[], string>(
      async (requests) => {
        try {
          return await readSeriesBatch(deps.warehouse, requests);
        } catch (err) {
          return requests.map(() => (err instanceof Error ? err : new Error(String(err))));
        }
      },
      { cacheKeyFn: (r) => `${r.metric.id}|${r.interval}|${r.range.start}|${r.range.end}` },
    );
    const signalLoader = new DataLoader<{ metricId: string; interval: BucketInterval; bucket: Date }, AnomalySignal | null, string>(
      async (keys) => {
        // One statement: per (metric, interval), the buckets asked for.
        const asked = new Map<string, { metricId: string; interval: BucketInterval; bucket: { in: Date[] } }>();
        for (const k of keys) {
          const group = asked.get(`${k.metricId}|${k.interval}`) ?? { metricId: k.metricId, interval: k.interval, bucket: { in: [] } };
          group.bucket.in.push(k.bucket);
          asked.set(`${k.metricId}|${k.interval}`, group);
        }
        const rows = await deps.prisma.anomalySignal.findMany({ where: { OR: [...asked.values()] } });
        const byKey = new Map(rows.map((s) => [`${s.metricId}|${s.interval}|${s.bucket.getTime()}`, s]));
        return keys.map((k) => byKey.get(`${k.metricId}|${k.interval}|${k.bucket.getTime()}`) ?? null);
      },
      { cacheKeyFn: (k) => `${k.metricId}|${k.interval}|${k.bucket.getTime()}` },
    );
    return {
      series(metric, args) {
        const range = seriesRange(args.from, args.to, args.interval);
        return seriesLoader.load({ metric, interval: args.interval, range });
      },
      signalAt(metricId, interval, bucket) {
        return signalLoader.load({ metricId, interval, bucket });
      },
    };
  };
}
