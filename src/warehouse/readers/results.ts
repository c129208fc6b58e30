/**
 * Runs the results query and converts its rows into per-variant aggregates. Numbers may come
 * back as strings (UInt64 on a server) or null (variance of fewer than two values): both are
 * normalised here.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { buildMultipleExposuresQuery, buildResultsQuery, type ResultsQueryInput } from '../sql/results.sql.js';

export interface MetricAggregate {
  n: number;
  sum: number;
  /** Sample variance (n − 1), 0 when n < 2. */
  variance: number;
}

export interface ExperimentAggregates {
  /** Exposed subjects per upper-case variant key (multiple-exposure subjects excluded). */
  subjects: Map<string, number>;
  multipleExposures: number;
  /** metricId → variant key → aggregate. */
  metrics: Map<string, Map<string, MetricAggregate>>;
}

const num = (v: unknown): number => {
  const n = typeof v === 'number' ? v : Number(v ?? 0);
  return Number.isFinite(n) ? n : 0;
};

/** One warehouse round trip for an experiment's exposures and all its metrics. */
export async function readExperimentAggregates(
  client: ClickHouseClient,
  input: ResultsQueryInput,
): Promise<ExperimentAggregates> {
  const { sql, params } = buildResultsQuery(input);
  const rs = await client.query({
    // A SETTINGS clause, not clickhouse_settings: the chDB adapter turns those into session-wide SETs.
    query: `${sql}\nSETTINGS max_execution_time = 60, join_use_nulls = 0`,
    query_params: params,
    format: 'JSONEachRow',
    query_id: `results.metrics.${crypto.randomUUID()}`,
  });
  const rows = await rs.json<Record<string, unknown>>();
  const out: ExperimentAggregates = { subjects: new Map(), multipleExposures: 0, metrics: new Map() };
  for (const m of input.metrics) out.metrics.set(m.metricId, new Map());
  for (const row of rows) {
    const variant = String(row.variant);
    out.subjects.set(variant, num(row.subjects));
    out.multipleExposures = num(row.multiple_exposures);
    input.metrics.forEach((m, i) => {
      const n = num(row[`m${i}_n`]);
      out.metrics.get(m.metricId)!.set(variant, {
        n,
        sum: num(row[`m${i}_sum`]),
        variance: n < 2 ? 0 : num(row[`m${i}_variance`]),
      });
    });
  }
  if (rows.length === 0) out.multipleExposures = await countMultipleExposuresOnly(client, input);
  return out;
}

/** When no subject is cleanly exposed the main query has no rows to carry the count. */
async function countMultipleExposuresOnly(client: ClickHouseClient, input: ResultsQueryInput) {
  const { sql, params } = buildMultipleExposuresQuery(input);
  const rs = await client.query({
    query: `${sql}\nSETTINGS max_execution_time = 60`,
    query_params: params,
    format: 'JSONEachRow',
    query_id: `results.multiple-exposures.${crypto.randomUUID()}`,
  });
  const [row] = await rs.json<{ c: unknown }>();
  return num(row?.c);
}
