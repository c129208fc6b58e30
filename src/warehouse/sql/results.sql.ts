/**
 * The experiment results query (design §3): one query for an experiment's exposures and every
 * attached metric, composed of
 *
 * - the exposure part (exposure.sql.ts): first exposure per identifier, clean subjects, and the
 *   multiple-exposure count;
 * - one part per metric source (metric-part.ts; events today: event-metrics.sql.ts), each a CTE
 *   with a row per subject that has data, LEFT JOINed to the subjects (join_use_nulls = 0, so a
 *   subject without data reads zeros);
 * - per variant and metric, sufficient statistics of the per-subject value x over the included
 *   subjects: n, Σx, Σx², and var(x) from `varSampStable` (Welford's algorithm). Why both: Σx and
 *   Σx² are what merges across reads and what ratio / regression-adjusted statistics need, but
 *   the textbook variance (Σx² − (Σx)²/n)/(n − 1) cancels catastrophically when the mean is large
 *   against the spread (revenue in cents, timestamps), so the sample-mean statistic reads the
 *   Welford column. A metric with a paired value y also gets Σy, Σy², Σxy, var(y) and cov(x, y)
 *   (`covarSampStable`), for ratio (delta method) and CUPED.
 *
 * Every variant key gets a row (a variant without subjects reads zeros), so the multiple-exposure
 * count always has a row to ride on: one query, whatever the data. Every untrusted value is a
 * bound `{name:Type}` parameter (sql.ts); the only spliced text is fixed SQL and generated aliases.
 */
import { join, param, render, sql, trusted, type RenderedSql, type Sql } from '../sql.js';
import { eventMetricsPart } from './event-metrics.sql.js';
import { exposureCtes, multipleExposures } from './exposure.sql.js';
import type { MetricExpressions, MetricSourcePart, ResultsScope } from './metric-part.js';
import type { ResultsQueryInput } from './results-input.js';

export type { ResultsQueryInput } from './results-input.js';

/** The output columns of metric `m<index>` (x statistics, then the paired ones when asked). */
export const METRIC_COLUMNS = ['n', 'sum', 'sum_squares', 'variance'] as const;
export const PAIRED_COLUMNS = ['sum_y', 'sum_y_squares', 'sum_xy', 'variance_y', 'covariance'] as const;

/** The results statement (without SETTINGS: the query wrapper adds them); pure. */
export function resultsStatement(input: ResultsQueryInput): Sql {
  const variants = param(input.variantKeys, 'Array(String)', 'variants');
  const scope: ResultsScope = { env: param(input.environmentId, 'String', 'env'), subjects: sql`subjects` };
  const parts: MetricSourcePart[] = [];
  const events = input.metrics.flatMap((metric, index) => (metric.source === 'events' ? [{ index, metric }] : []));
  if (events.length) parts.push(eventMetricsPart(scope, events));

  const expressions = parts.flatMap((p) => p.metrics).sort((a, b) => a.index - b.index);
  const perSubject = expressions.flatMap((e) => {
    const m = `m${e.index}`;
    return [
      sql`${e.value} AS ${trusted(`${m}_x`)}`,
      sql`${e.included} AS ${trusted(`${m}_in`)}`,
      ...(e.paired ? [sql`${e.paired} AS ${trusted(`${m}_y`)}`] : []),
    ];
  });
  const perVariant = expressions.flatMap(sufficientStatistics);
  const outputs = expressions.flatMap((e) =>
    [...METRIC_COLUMNS, ...(e.paired ? PAIRED_COLUMNS : [])].map((c) => trusted(`pv.m${e.index}_${c} AS m${e.index}_${c}`)),
  );

  return sql`WITH
  ${exposureCtes({ env: scope.env, exposureEvent: input.exposureEvent, featureName: input.featureName, variants })},
${join(parts.map((p) => sql`  ${trusted(p.name)} AS (
    ${p.body}
  ),
`), '')}  per_subject AS (
    SELECT s.variant AS variant${join(perSubject.map((c) => sql`,\n           ${c}`), '')}
    FROM subjects AS s${join(parts.map((p) => sql`\n    LEFT JOIN ${trusted(p.name)} ON ${trusted(p.name)}.subject = s.subject`), '')}
  ),
  per_variant AS (
    SELECT variant, count() AS exposed${join(perVariant.map((c) => sql`,\n           ${c}`), '')}
    FROM per_subject
    GROUP BY variant
  )
SELECT v.variant AS variant,
       pv.exposed AS subjects,
       ${multipleExposures} AS multiple_exposures${join(outputs.map((c) => sql`,\n       ${c}`), '')}
FROM (SELECT arrayJoin(${variants}) AS variant) AS v
LEFT JOIN per_variant AS pv ON pv.variant = v.variant
ORDER BY variant`;
}

/** Per-variant aggregates of one metric's per-subject expressions. */
function sufficientStatistics(e: MetricExpressions): Sql[] {
  const m = `m${e.index}`;
  const x = trusted(`${m}_x`);
  const inc = trusted(`${m}_in`);
  const as = (name: string) => trusted(`${m}_${name}`);
  const columns = [
    sql`countIf(${inc}) AS ${as('n')}`,
    sql`sumIf(${x}, ${inc}) AS ${as('sum')}`,
    sql`sumIf(${x} * ${x}, ${inc}) AS ${as('sum_squares')}`,
    sql`varSampStableIf(${x}, ${inc}) AS ${as('variance')}`,
  ];
  if (e.paired) {
    const y = trusted(`${m}_y`);
    columns.push(
      sql`sumIf(${y}, ${inc}) AS ${as('sum_y')}`,
      sql`sumIf(${y} * ${y}, ${inc}) AS ${as('sum_y_squares')}`,
      sql`sumIf(${x} * ${y}, ${inc}) AS ${as('sum_xy')}`,
      sql`varSampStableIf(${y}, ${inc}) AS ${as('variance_y')}`,
      sql`covarSampStableIf(${x}, ${y}, ${inc}) AS ${as('covariance')}`,
    );
  }
  return columns;
}

/** The results query as text and parameters; pure (snapshot-tested). */
export function buildResultsQuery(input: ResultsQueryInput): RenderedSql {
  return render(resultsStatement(input));
}
