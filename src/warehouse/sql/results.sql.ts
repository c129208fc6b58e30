/**
 * The experiment results query (design §3), one query for every metric of an experiment.
 *
 * - Assignment = first exposure per identifier: `argMin(variant, timestamp)` over the experiment's
 *   exposure events for its feature; exposure values are variant keys, compared upper-case.
 * - Identifiers exposed to more than one variant are excluded from every statistic and counted.
 * - A subject's metric events count when `first_exposure <= timestamp <= first_exposure + window`
 *   (inclusive; no upper bound without a window). Subjects without events count as zeros
 *   (LEFT JOIN + conditional aggregates), except for MEAN, which excludes them.
 * - Per variant and metric: n, sum and the sample variance (`varSampStable`, Welford's
 *   algorithm, because sum-of-squares cancels badly for large revenue values).
 *
 * Every untrusted value (environment, feature, event names, filter keys and values, windows) is a
 * bound `{name:Type}` parameter; the only text assembled here is fixed SQL and generated column
 * aliases. Reads use FINAL so a resent event counts once (see migrations/001-events.ts).
 */
import type { EventMetricSpec, PropertyFilterSpec } from '../../domain/metric/definition.js';

export interface ResultsQueryInput {
  environmentId: string;
  exposureEvent: string;
  featureName: string;
  /** Upper-case variant keys of the experiment. */
  variantKeys: string[];
  metrics: EventMetricSpec[];
}

export interface BuiltQuery {
  sql: string;
  params: Record<string, unknown>;
}

/** First exposure per identifier, and how many distinct variants it was exposed to. */
const EXPOSURE_CTE = `exposure AS (
    SELECT identifier AS subject,
           argMin(upper(value), timestamp) AS variant,
           min(timestamp) AS first_exposure,
           uniqExact(upper(value)) AS variant_count
    FROM events FINAL
    WHERE environment_id = {env:String}
      AND event = {exposure_event:String}
      AND feature_name = {feature:String}
      AND identifier != ''
      AND upper(value) IN {variants:Array(String)}
    GROUP BY identifier
  )`;

/** Counts subjects exposed to more than one variant (used when no subject is cleanly exposed). */
export function buildMultipleExposuresQuery(input: ResultsQueryInput): BuiltQuery {
  return {
    sql: `WITH ${EXPOSURE_CTE} SELECT countIf(variant_count > 1) AS c FROM exposure`,
    params: {
      env: input.environmentId,
      exposure_event: input.exposureEvent,
      feature: input.featureName,
      variants: input.variantKeys,
    },
  };
}

/** Builds the results SQL and its parameters; pure (snapshot-testable). */
export function buildResultsQuery(input: ResultsQueryInput): BuiltQuery {
  const params: Record<string, unknown> = {
    env: input.environmentId,
    exposure_event: input.exposureEvent,
    feature: input.featureName,
    variants: input.variantKeys,
    metric_events: [...new Set(input.metrics.map((m) => m.event))],
  };
  const perSubject: string[] = [];
  const perVariant: string[] = [];
  input.metrics.forEach((metric, i) => {
    const m = `m${i}`;
    params[`${m}_event`] = metric.event;
    params[`${m}_window_ms`] = metric.windowHours == null ? -1 : metric.windowHours * 3_600_000;
    const cond = [
      `e.event = {${m}_event:String}`,
      'e.timestamp >= s.first_exposure',
      `({${m}_window_ms:Int64} < 0 OR toUnixTimestamp64Milli(e.timestamp) <= toUnixTimestamp64Milli(s.first_exposure) + {${m}_window_ms:Int64})`,
      ...metric.filters.map((f, j) => filterCondition(f, `${m}_f${j}`, params)),
    ].join(' AND ');
    perSubject.push(
      `countIf(${cond}) AS ${m}_events`,
      `sumIf(coalesce(e.value_number, 0), ${cond}) AS ${m}_value_sum`,
      `countIf(${cond} AND e.value_number IS NOT NULL) AS ${m}_valued`,
    );
    const { value, included } = subjectValue(metric.aggregation, m);
    perVariant.push(
      `countIf(${included}) AS ${m}_n`,
      `sumIf(${value}, ${included}) AS ${m}_sum`,
      `varSampStableIf(${value}, ${included}) AS ${m}_variance`,
    );
  });

  const eventsJoin = input.metrics.length
    ? `LEFT JOIN (
        SELECT identifier, event, value_number, timestamp, traits, metadata
        FROM events FINAL
        WHERE environment_id = {env:String}
          AND event IN {metric_events:Array(String)}
          AND identifier IN (SELECT subject FROM subjects)
      ) AS e ON e.identifier = s.subject`
    : '';

  const sql = `
WITH
  ${EXPOSURE_CTE},
  subjects AS (SELECT subject, variant, first_exposure FROM exposure WHERE variant_count = 1),
  per_subject AS (
    SELECT s.variant AS variant, s.subject AS subject${perSubject.map((c) => `,\n           ${c}`).join('')}
    FROM subjects AS s
    ${eventsJoin}
    GROUP BY s.variant, s.subject
  )
SELECT variant,
       count() AS subjects,
       (SELECT countIf(variant_count > 1) FROM exposure) AS multiple_exposures${perVariant.map((c) => `,\n       ${c}`).join('')}
FROM per_subject
GROUP BY variant
ORDER BY variant`;
  return { sql, params };
}

/** Per-subject value and inclusion for an aggregation (MEAN excludes subjects without values). */
function subjectValue(aggregation: EventMetricSpec['aggregation'], m: string) {
  switch (aggregation) {
    case 'COUNT':
      return { value: `toFloat64(${m}_events)`, included: '1' };
    case 'SUM':
      return { value: `${m}_value_sum`, included: '1' };
    case 'OCCURRENCE':
      return { value: `toFloat64(${m}_events > 0)`, included: '1' };
    case 'MEAN':
      return { value: `${m}_value_sum / ${m}_valued`, included: `${m}_valued > 0` };
  }
}

/**
 * SQL condition for one property filter. The JSON column is chosen from a fixed set; the key and
 * values are bound. Scalars are compared as text (numbers as their JSON text), ordered operators
 * numerically.
 */
function filterCondition(
  filter: PropertyFilterSpec,
  p: string,
  params: Record<string, unknown>,
): string {
  const column = filter.source === 'traits' ? 'e.traits' : 'e.metadata';
  params[`${p}_key`] = filter.key;
  const key = `{${p}_key:String}`;
  const text = `if(JSONType(${column}, ${key}) = 'String', JSONExtractString(${column}, ${key}), JSONExtractRaw(${column}, ${key}))`;
  const one = () => {
    params[`${p}_value`] = filter.values[0];
    return `{${p}_value:String}`;
  };
  const number = () => {
    params[`${p}_value`] = Number(filter.values[0]);
    return `{${p}_value:Float64}`;
  };
  const list = () => {
    params[`${p}_values`] = filter.values;
    return `{${p}_values:Array(String)}`;
  };
  switch (filter.operator) {
    case 'EXISTS':
      return `JSONHas(${column}, ${key})`;
    case 'EQ':
      return `(JSONHas(${column}, ${key}) AND ${text} = ${one()})`;
    case 'NEQ':
      return `NOT (JSONHas(${column}, ${key}) AND ${text} = ${one()})`;
    case 'IN':
      return `(JSONHas(${column}, ${key}) AND has(${list()}, ${text}))`;
    case 'NOT_IN':
      return `NOT (JSONHas(${column}, ${key}) AND has(${list()}, ${text}))`;
    case 'CONTAINS':
      return `(JSONHas(${column}, ${key}) AND position(${text}, ${one()}) > 0)`;
    case 'GT':
      return `ifNull(toFloat64OrNull(${text}) > ${number()}, 0)`;
    case 'GTE':
      return `ifNull(toFloat64OrNull(${text}) >= ${number()}, 0)`;
    case 'LT':
      return `ifNull(toFloat64OrNull(${text}) < ${number()}, 0)`;
    case 'LTE':
      return `ifNull(toFloat64OrNull(${text}) <= ${number()}, 0)`;
  }
}
