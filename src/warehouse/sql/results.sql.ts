/**
 * The experiment results query (design §3): one query for an experiment's exposures and every
 * attached metric, reading the environment's events once (`environmentEvents`, deduplicated):
 *
 * 1. `per_subject`: one scan of the exposure rows of the experiment's feature and the rows of the
 *    metrics' events, grouped by subject. Exposure aggregates (exposure.sql.ts: variant, several
 *    variants or not, first exposure) and the subject's metric events as an array of small tuples
 *    (event-metrics.sql.ts: time, value, match flags; the JSON text is read only to compute the
 *    flags). Subjects never exposed are dropped (HAVING).
 * 2. `subject_values`: each metric's per-subject value x (and paired y) from that array, with
 *    the window counted from the first exposure; subjects without metric events read zeros.
 * 3. `per_variant`: per variant and metric, sufficient statistics of x over the included
 *    subjects that saw one variant only: n, Σx, Σx², and var(x) from `varSampStable` (Welford's
 *    algorithm). Why both: Σx and Σx² are what merges across reads and what ratio /
 *    regression-adjusted statistics need, but the textbook variance (Σx² − (Σx)²/n)/(n − 1)
 *    cancels catastrophically when the mean is large against the spread (revenue in cents,
 *    timestamps), so the sample-mean statistic reads the Welford column. A metric with a paired
 *    value y also gets Σy, Σy², Σxy, var(y) and cov(x, y) (`covarSampStable`), for ratio (delta
 *    method) and CUPED. Subjects exposed to several variants are only counted.
 *
 * Why this shape (issue 15, measured by bench/scale.ts): the previous query computed the exposure
 * CTE three times, read `events` four times and built its join's hash table from the metric
 * events; here nothing is computed twice, there is no join on subjects at all (the per-subject
 * grouping is the only hash table, one entry per subject), and the first-exposure window is
 * applied after grouping, so exposures and metric events share one read.
 *
 * With the cohorts' start times, each variant's exposures are also counted per cohort period (the
 * cohort active at the subject's first exposure placed it): `cohort_subjects`, a (periods,
 * counts) map, for the sample-ratio check per cohort.
 *
 * Every variant key gets a row (a variant without subjects reads zeros) and the multiple-exposure
 * count is summed over all rows, so it is right on every row: one query, whatever the data. Every
 * untrusted value is a bound `{name:Type}` parameter (sql.ts); the only spliced text is fixed SQL
 * and generated aliases.
 */
import { join, param, render, sql, trusted, type RenderedSql, type Sql } from '../sql.js';
import { eventMetricsPass } from './event-metrics.sql.js';
import { factMetricParts } from './fact-metrics.sql.js';
import { environmentEvents } from './events-source.js';
import { exposedVariant, exposureAggregates, isExposureEvent } from './exposure.sql.js';
import type { MetricExpressions } from './metric-part.js';
import type { ResultsQueryInput } from './results-input.js';

export type { ResultsQueryInput } from './results-input.js';

/** The output columns of metric `m<index>` (x statistics, then the paired ones when asked). */
export const METRIC_COLUMNS = ['n', 'sum', 'sum_squares', 'variance'] as const;
export const PAIRED_COLUMNS = ['sum_y', 'sum_y_squares', 'sum_xy', 'variance_y', 'covariance'] as const;

/** The results statement (without SETTINGS: the query wrapper adds them); pure. */
export function resultsStatement(input: ResultsQueryInput, buckets?: number[]): Sql {
  const variants = param(input.variantKeys, 'Array(String)', 'variants');
  const env = param(input.environmentId, 'String', 'env');
  // One fragment, used twice: its parameters bind once.
  const isExposure = isExposureEvent({ exposureEvent: input.exposureEvent, featureName: input.featureName, variants });
  const events = input.metrics.flatMap((metric, index) => (metric.source === 'events' ? [{ index, metric }] : []));
  const overTime = buckets !== undefined;
  const until = overTime ? trusted('bucket_end') : undefined;
  const pass = events.length ? eventMetricsPass(events, until) : undefined;
  const facts = input.metrics.flatMap((metric, index) => (metric.source === 'fact' ? [{ index, metric }] : []));
  // One bound list, used by the subjects' bucket rows and the fact parts alike.
  const bucketEnds = overTime ? param(buckets, 'Array(Int64)', 'bucket_ends') : undefined;
  // Fact parts join their rows to the exposed subjects' first exposure (one light pass over the exposure rows).
  const parts = facts.length ? factMetricParts(facts, { env, subjects: sql`exposed_first`, ...(bucketEnds ? { bucketEnds } : {}) }) : [];

  const expressions = [...(pass?.metrics ?? []), ...parts.flatMap((p) => p.metrics)].sort((a, b) => a.index - b.index);
  const perSubject = expressions.flatMap((e) => {
    const m = `m${e.index}`;
    return [
      sql`${e.value} AS ${trusted(`${m}_x`)}`,
      sql`NOT multiple AND (${e.included}) AS ${trusted(`${m}_in`)}`,
      ...(e.paired ? [sql`${e.paired} AS ${trusted(`${m}_y`)}`] : []),
    ];
  });
  const perVariant = expressions.flatMap(sufficientStatistics);
  const outputs = expressions.flatMap((e) =>
    [...METRIC_COLUMNS, ...(e.paired ? PAIRED_COLUMNS : [])].map((c) => trusted(`pv.m${e.index}_${c} AS m${e.index}_${c}`)),
  );
  // Per-cohort exposure counts (the sample-ratio check per cohort): the period of the subject's first exposure.
  const cohorts = !overTime && input.cohortStartsMs?.length
    ? {
        period: sql`greatest(1, arrayCount(s -> s <= first_ms, ${param(input.cohortStartsMs, 'Array(Int64)', 'cohort_starts')})) AS cohort_period`,
        count: sql`sumMapIf([cohort_period], [toUInt64(1)], NOT multiple) AS cohort_subjects`,
        output: trusted('pv.cohort_subjects AS cohort_subjects'),
      }
    : undefined;
  const rowColumns = pass?.rowColumns ?? [];
  const reads = pass ? sql`(${isExposure} OR event IN ${pass.events})` : isExposure;
  const subjectColumns = [
    ...(pass?.subjectColumns ?? []),
    ...parts.flatMap((p) => p.subjectColumns),
    ...perSubject,
    ...(cohorts ? [cohorts.period] : []),
  ];
  // Fact parts: user SQL may read `events` (the environment's own, sandbox.ts), and each part is
  // LEFT JOINed to the exposed subjects by subject (metric-part.ts).
  const exposedFirst = sql`
  exposed_first AS (
    SELECT identifier AS subject, minIf(ts_ms, exposed_variant > 0) AS first_ms
    FROM (
      SELECT identifier, toUnixTimestamp64Milli(timestamp) AS ts_ms, ${exposedVariant(isExposure, variants)} AS exposed_variant
      FROM ${environmentEvents(env, input.eventsDatabase)}
      WHERE identifier != '' AND ${isExposure}
    )
    GROUP BY identifier
    HAVING countIf(exposed_variant > 0) > 0
  ),`;
  const factCtes = parts.map((p) => sql`
  ${trusted(p.name)} AS (
    ${p.body}
  ),`);
  const factJoins = parts.map((p) => sql`
    LEFT JOIN ${trusted(p.name)} ON ${trusted(p.name)}.subject = exposed_subjects.identifier${
      overTime ? sql` AND ${trusted(p.name)}.${trusted(`${p.name}_bucket_end`)} = exposed_subjects.bucket_end` : sql``}`);

  return sql`WITH${input.userEvents ? sql`
  ${input.userEvents},` : sql``}
  per_subject AS (
    SELECT ${parts.length ? sql`identifier, ` : sql``}${exposureAggregates}${join((pass?.collect ?? []).map((c) => sql`,\n           ${c}`), '')}
    FROM (
      SELECT identifier, toUnixTimestamp64Milli(timestamp) AS ts_ms, value_number,
             ${exposedVariant(isExposure, variants)} AS exposed_variant${join(rowColumns.map((c) => sql`,\n             ${c}`), '')}
      FROM ${environmentEvents(env, input.eventsDatabase)}
      WHERE identifier != '' AND ${reads}
    )
    GROUP BY identifier
    HAVING exposures > 0
  ),${parts.length ? exposedFirst : sql``}${join(factCtes, '')}
  subject_values AS (
    SELECT ${variants}[variant_index] AS variant, multiple${overTime ? sql`, bucket_end` : sql``}${join(subjectColumns.map((c) => sql`,
           ${c}`), '')}
    FROM ${bucketEnds ? sql`(SELECT *, arrayJoin(arrayFilter(b -> b >= first_ms, ${bucketEnds})) AS bucket_end FROM per_subject)` : sql`per_subject`} AS exposed_subjects${join(factJoins, '')}
  ),
  per_variant AS (
    SELECT ${overTime ? sql`bucket_end, ` : sql``}variant, countIf(NOT multiple) AS exposed, countIf(multiple) AS multiple_exposures${join([...perVariant, ...(cohorts ? [cohorts.count] : [])].map((c) => sql`,
           ${c}`), '')}
    FROM subject_values
    GROUP BY ${overTime ? sql`bucket_end, ` : sql``}variant
  )
${overTime ? overTimeSelect(expressions) : sql`SELECT v.variant AS variant,
       pv.exposed AS subjects,
       sum(pv.multiple_exposures) OVER () AS multiple_exposures${join([...outputs, ...(cohorts ? [cohorts.output] : [])].map((c) => sql`,
       ${c}`), '')}
FROM (SELECT arrayJoin(${variants}) AS variant) AS v
LEFT JOIN per_variant AS pv ON pv.variant = v.variant
ORDER BY variant`}`;
}

/** Over time: one row per (bucket end, variant) with subjects; buckets without a subject have no row. */
function overTimeSelect(expressions: MetricExpressions[]): Sql {
  const outputs = expressions.flatMap((e) =>
    [...METRIC_COLUMNS, ...(e.paired ? PAIRED_COLUMNS : [])].map((c) => trusted(`m${e.index}_${c}`)),
  );
  return sql`SELECT bucket_end, variant, exposed AS subjects, multiple_exposures${join(outputs.map((c) => sql`, ${c}`), '')}
FROM per_variant
ORDER BY bucket_end, variant`;
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

/**
 * Results over time (issue 10): the same pass, then each subject repeated once per bucket end at
 * or after its first exposure (`bucketEndsMs`, epoch ms, bounded by the caller), every post-exposure
 * measure counted up to that end: per (bucket end, variant), the cumulative sufficient statistics
 * of the subjects exposed by then. One query, whatever the number of buckets; pure.
 */
export function resultsOverTimeStatement(input: ResultsQueryInput, bucketEndsMs: number[]): Sql {
  return resultsStatement(input, bucketEndsMs);
}

/** The results query as text and parameters; pure (snapshot-tested). */
export function buildResultsQuery(input: ResultsQueryInput): RenderedSql {
  return render(resultsStatement(input));
}
