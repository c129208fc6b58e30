/**
 * Runs the results query (one per experiment, family `results.metrics`) and converts its rows into
 * per-variant sufficient statistics. Numbers may come back as strings (UInt64 on a server) or
 * null (NaN: variance of fewer than two values): both are normalised here.
 */
import { QUERY_FAMILIES, type QueryOptions, type WarehouseQueries } from '../query.js';
import { resultsOverTimeStatement, resultsStatement } from '../sql/results.sql.js';
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
  /**
   * Exposed subjects per variant key per cohort period (1-based index into the cohort start times
   * asked for; multiple-exposure subjects excluded); absent when no start times were given.
   */
  cohortSubjects?: Map<string, Map<number, number>>;
}

/** Whether the query reads a paired value y for the metric (an event metric's pair, a fact ratio's denominator). */
export const hasPaired = (metric: MetricInput): boolean => (metric.source === 'fact' ? metric.denominator != null : metric.paired != null);

const num = (v: unknown): number => {
  const n = typeof v === 'number' ? v : Number(v ?? 0);
  return Number.isFinite(n) ? n : 0;
};

/**
 * Settings of both results statements. The engine expands aliases before it runs a statement, and
 * each per-row match column is read by the mask words, the row filter and every collected array:
 * 50 ratio metrics with 20 filters per side expand past the default `max_expanded_ast_elements`
 * (500,000: "Query tree is too big") while their text is still within max_query_size. The text
 * is bounded at attach time (domain/attachment/service.ts MAX_RESULTS_SQL_BYTES), so the
 * expanded tree is bounded by it too; this lifts the engine's default to what that allows.
 */
const RESULTS_SETTINGS = { join_use_nulls: 0, max_expanded_ast_elements: 5_000_000 } as const;

/** A `sumMap` result ([keys], [counts]) as a map; tolerant of UInt64 strings. */
function countsByPeriod(v: unknown): Map<number, number> {
  const out = new Map<number, number>();
  if (!Array.isArray(v) || v.length !== 2) return out;
  const [keys, counts] = v as [unknown[], unknown[]];
  keys.forEach((k, i) => out.set(num(k), num(counts[i])));
  return out;
}

/** One warehouse round trip for an experiment's exposures and all its metrics; throws WarehouseError. */
export async function readExperimentAggregates(
  warehouse: WarehouseQueries,
  input: ResultsQueryInput,
  /** `session`: the fact-table sandbox's locked session (reads with FACT metrics; its limits apply). */
  options: Pick<QueryOptions, 'session'> = {},
): Promise<ExperimentAggregates> {
  const rows = await warehouse.query<Record<string, unknown>>(QUERY_FAMILIES.resultsMetrics, resultsStatement(input), {
    analytical: true,
    settings: RESULTS_SETTINGS,
    ...options,
  });
  const out = emptyAggregates(input);
  if (input.cohortStartsMs?.length) out.cohortSubjects = new Map();
  for (const row of rows) addRow(out, input, row);
  return out;
}

/**
 * Results over time: one warehouse round trip (family `results.over-time`) for cumulative
 * aggregates at each bucket end (epoch ms); a bucket end before any exposure reads empty
 * aggregates. Throws WarehouseError.
 */
export async function readAggregatesOverTime(
  warehouse: WarehouseQueries,
  input: ResultsQueryInput,
  bucketEndsMs: number[],
  /** As for readExperimentAggregates: the sandbox session when the read has FACT metrics. */
  options: Pick<QueryOptions, 'session'> = {},
): Promise<Map<number, ExperimentAggregates>> {
  const rows = await warehouse.query<Record<string, unknown>>(QUERY_FAMILIES.resultsOverTime, resultsOverTimeStatement(input, bucketEndsMs), {
    analytical: true,
    settings: RESULTS_SETTINGS,
    ...options,
  });
  const out = new Map(bucketEndsMs.map((end) => [end, emptyAggregates(input)]));
  for (const row of rows) {
    const at = out.get(num(row.bucket_end));
    if (at) addRow(at, input, row);
  }
  // Sum multiple exposures over variants (one row per variant here, not a window total).
  for (const [end, agg] of out) {
    agg.multipleExposures = rows.filter((r) => num(r.bucket_end) === end).reduce((n, r) => n + num(r.multiple_exposures), 0);
  }
  return out;
}

/** Aggregates with every metric present and no variant row yet. */
function emptyAggregates(input: ResultsQueryInput): ExperimentAggregates {
  const out: ExperimentAggregates = { subjects: new Map(), multipleExposures: 0, metrics: new Map() };
  for (const m of input.metrics) out.metrics.set(m.metricId, new Map());
  return out;
}

/** Adds one variant row of either query to `out`. */
function addRow(out: ExperimentAggregates, input: ResultsQueryInput, row: Record<string, unknown>): void {
  {
    const variant = String(row.variant);
    out.subjects.set(variant, num(row.subjects));
    out.multipleExposures = num(row.multiple_exposures);
    out.cohortSubjects?.set(variant, countsByPeriod(row.cohort_subjects));
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
}
