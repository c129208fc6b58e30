/**
 * Runs the results query (one per experiment, family `results.metrics`) and converts its rows into
 * per-variant sufficient statistics. Numbers may come back as strings (UInt64 on a server) or
 * null (NaN: variance of fewer than two values): both are normalised here.
 */
import { QUERY_FAMILIES, type QueryOptions, type WarehouseQueries } from '../query.js';
import { resultsStatement } from '../sql/results.sql.js';
import type { MetricInput, ResultsQueryInput } from '../sql/results-input.js';

/** Σy, Σy², Σxy and the stable var(y), cov(x, y) of a metric read with a paired value. */
export interface PairedAggregate {
  sumY: number;
  sumYSquares: number;
  sumXY: number;
  /** Sample variance of y (n − 1), 0 when n < 2. */
  varianceY: number;
  /** Sample covariance of x and y (n − 1), 0 when n < 2. */
  covariance: number;
}

/** Sufficient statistics of one metric in one variant, over its included subjects. */
export interface MetricAggregate {
  n: number;
  /** Σx */
  sum: number;
  /** Σx² */
  sumSquares: number;
  /** Sample variance (n − 1) computed stably in the warehouse, 0 when n < 2. */
  variance: number;
  /** Present when the metric asked for a paired value. */
  paired?: PairedAggregate;
}

export interface ExperimentAggregates {
  /** Exposed subjects per upper-case variant key (multiple-exposure subjects excluded). */
  subjects: Map<string, number>;
  multipleExposures: number;
  /** metricId → variant key → aggregate. */
  metrics: Map<string, Map<string, MetricAggregate>>;
}

/** Whether the query reads a paired value y for the metric (an event metric's pair, a fact ratio's denominator). */
export const hasPaired = (metric: MetricInput): boolean => (metric.source === 'fact' ? metric.denominator != null : metric.paired != null);

const num = (v: unknown): number => {
  const n = typeof v === 'number' ? v : Number(v ?? 0);
  return Number.isFinite(n) ? n : 0;
};

/** One warehouse round trip for an experiment's exposures and all its metrics; throws WarehouseError. */
export async function readExperimentAggregates(
  warehouse: WarehouseQueries,
  input: ResultsQueryInput,
  /** `session`: the fact-table sandbox's locked session (reads with FACT metrics; its limits apply). */
  options: Pick<QueryOptions, 'session'> = {},
): Promise<ExperimentAggregates> {
  const rows = await warehouse.query<Record<string, unknown>>(QUERY_FAMILIES.resultsMetrics, resultsStatement(input), {
    analytical: true,
    settings: { join_use_nulls: 0 },
    ...options,
  });
  const out: ExperimentAggregates = { subjects: new Map(), multipleExposures: 0, metrics: new Map() };
  for (const m of input.metrics) out.metrics.set(m.metricId, new Map());
  for (const row of rows) {
    const variant = String(row.variant);
    out.subjects.set(variant, num(row.subjects));
    out.multipleExposures = num(row.multiple_exposures);
    input.metrics.forEach((metric, i) => {
      const col = (name: string) => num(row[`m${i}_${name}`]);
      const n = col('n');
      const few = n < 2; // the sample (co)variances are undefined: reported as 0
      out.metrics.get(metric.metricId)!.set(variant, {
        n,
        sum: col('sum'),
        sumSquares: col('sum_squares'),
        variance: few ? 0 : col('variance'),
        ...(hasPaired(metric)
          ? {
              paired: {
                sumY: col('sum_y'),
                sumYSquares: col('sum_y_squares'),
                sumXY: col('sum_xy'),
                varianceY: few ? 0 : col('variance_y'),
                covariance: few ? 0 : col('covariance'),
              },
            }
          : {}),
      });
    });
  }
  return out;
}
