/** The results SQL builder: text and parameters by snapshot, and no untrusted value in the text. */
import { describe, expect, it } from 'vitest';
import { MAX_ATTACHED_METRICS } from '../../src/domain/attachment/service.js';
import { MAX_FILTERS } from '../../src/domain/metric/rules.js';
import { render } from '../../src/warehouse/sql.js';
import { buildResultsQuery, resultsOverTimeStatement } from '../../src/warehouse/sql/results.sql.js';
import type { EventMetricInput, PropertyFilterInput, ResultsQueryInput } from '../../src/warehouse/sql/results-input.js';

const hostile = "x'); DROP TABLE events; --";
const input: ResultsQueryInput = {
  environmentId: 'env-1',
  exposureEvent: '$flag_exposure',
  featureName: hostile,
  variantKeys: ['CONTROL', 'TREATMENT'],
  metrics: [
    { source: 'events', metricId: 'm-occ', event: 'purchase', aggregation: 'OCCURRENCE', filters: [], windowHours: 72 },
    {
      source: 'events',
      metricId: 'm-mean',
      event: hostile,
      aggregation: 'MEAN',
      windowHours: null,
      filters: [
        { source: 'traits', key: hostile, operator: 'IN', values: [hostile, 'b'] },
        { source: 'metadata', key: 'amount', operator: 'GTE', values: ['10.5'] },
      ],
    },
  ],
};

describe('buildResultsQuery', () => {
  it('binds every untrusted value as a parameter', () => {
    const { query, params } = buildResultsQuery(input);
    expect(query).not.toContain('DROP');
    expect(query).not.toContain('purchase');
    expect(query).not.toContain('10.5');
    expect(params).toMatchObject({
      env: 'env-1',
      feature: hostile,
      variants: ['CONTROL', 'TREATMENT'],
      metric_events: ['purchase', hostile],
      m0_event: 'purchase',
      m0_window_ms: 72 * 3_600_000,
      m1_window_ms: -1,
      m1_f0k: hostile,
      m1_f0v: [hostile, 'b'],
      m1_f1k: 'amount',
      m1_f1v: 10.5,
    });
    // Every placeholder has its value, and every value a placeholder.
    const placeholders = new Set([...query.matchAll(/\{([a-z0-9_]+):[^}]+\}/gi)].map((m) => m[1]));
    expect([...placeholders].sort()).toEqual(Object.keys(params).sort());
  });

  it('keeps its shape (snapshot of SQL and parameters)', () => {
    expect(buildResultsQuery(input)).toMatchSnapshot();
  });

  it('reads sufficient statistics per metric: n, Σx, Σx² and the stable variance', () => {
    const { query } = buildResultsQuery(input);
    for (const m of ['m0', 'm1']) {
      for (const column of ['n', 'sum', 'sum_squares', 'variance']) expect(query).toContain(`AS ${m}_${column}`);
    }
    expect(query).toContain('varSampStableIf(m0_x, m0_in)');
    expect(query).not.toContain('sum_xy');
  });

  it('adds Σy, Σy², Σxy, var(y) and cov(x, y) for a metric with a paired value, and only for it', () => {
    const paired: ResultsQueryInput = {
      ...input,
      metrics: [
        input.metrics[0]!,
        { ...(input.metrics[1] as EventMetricInput), paired: { event: 'visit', aggregation: 'COUNT', filters: [{ source: 'traits', key: 'plan', operator: 'EQ', values: ['pro'] }] } },
      ],
    };
    const built = buildResultsQuery(paired);
    for (const column of ['sum_y', 'sum_y_squares', 'sum_xy', 'variance_y', 'covariance']) {
      expect(built.query).toContain(`AS m1_${column}`);
      expect(built.query).not.toContain(`AS m0_${column}`);
    }
    expect(built.params).toMatchObject({ metric_events: ['purchase', hostile, 'visit'], m1_y_event: 'visit', m1_y_f0k: 'plan', m1_y_f0v: 'pro' });
    expect(built).toMatchSnapshot();
  });

  it('omits every metric source when no metric is attached, and still reads each variant', () => {
    const { query } = buildResultsQuery({ ...input, metrics: [] });
    expect(query).not.toContain('source_events');
    expect(query).toContain('arrayJoin({variants:Array(String)})');
  });
});

describe('the worst case stays within the engine', () => {
  // The engine's max_query_size (256 KiB; ClickHouse's default, chDB's too): the text, not the
  // bound parameters, counts against it. Issue 14 finding 4: 50 metrics × 20 filters were ~690 KB.
  const MAX_QUERY_SIZE = 256 * 1024;
  const operators: PropertyFilterInput['operator'][] = ['EQ', 'NEQ', 'IN', 'NOT_IN', 'GT', 'GTE', 'LT', 'LTE', 'CONTAINS', 'EXISTS'];
  /** MAX_FILTERS filters of every operator, keys of the longest allowed length, on both JSON columns. */
  const filters = (i: number): PropertyFilterInput[] =>
    Array.from({ length: MAX_FILTERS }, (_, j) => {
      const operator = operators[j % operators.length]!;
      const values = operator === 'EXISTS' ? [] : ['IN', 'NOT_IN'].includes(operator) ? [`m${i}`, 'b'] : ['GT', 'GTE', 'LT', 'LTE'].includes(operator) ? ['1.5'] : ['v'];
      return { source: j % 2 ? 'traits' : 'metadata', key: `k${i}_${j}`.padEnd(200, 'k'), operator, values };
    });
  const worst: ResultsQueryInput = {
    ...input,
    variantKeys: Array.from({ length: 10 }, (_, i) => `VARIANT_${i}`),
    metrics: Array.from({ length: MAX_ATTACHED_METRICS }, (_, i) => ({
      source: 'events' as const,
      metricId: `metric-${i}`,
      event: `event_${i}`,
      aggregation: 'MEAN' as const,
      windowHours: 24,
      filters: filters(i),
    })),
  };

  it(`${MAX_ATTACHED_METRICS} metrics × ${MAX_FILTERS} filters stay under half of max_query_size`, () => {
    const { query, params } = buildResultsQuery(worst);
    const bytes = Buffer.byteLength(query);
    expect(bytes).toBeLessThan(MAX_QUERY_SIZE / 2);
    // Keys and values are parameters: long ones do not grow the text.
    expect(query).not.toContain('kkkk');
    expect(Object.keys(params).length).toBeGreaterThan(2 * MAX_ATTACHED_METRICS * MAX_FILTERS);
  });

  it('computes each filter once per event row, not once per aggregate', () => {
    const { query } = buildResultsQuery(worst);
    const keyUses = (name: string) => query.split(`{${name}:String}`).length - 1;
    // mapContains + the lookup: the condition is written once.
    expect(keyUses('m7_f0k')).toBe(2);
    expect(keyUses('m49_f18k')).toBe(2);
    // Each JSON column is parsed once per row, whatever the number of filters on it.
    expect(query.match(/JSONExtractKeysAndValuesRaw/g)).toHaveLength(2);
  });
});

describe('CUPED covariates, ratios and cohort periods', () => {
  it('measures a covariate over [first exposure − window, first exposure), its window bound, everyone included', () => {
    const cuped: ResultsQueryInput = {
      ...input,
      metrics: [{ ...(input.metrics[1] as EventMetricInput), paired: { event: hostile, aggregation: 'MEAN', filters: [], preExposureMs: 14 * 86_400_000 } }],
    };
    const { query, params } = buildResultsQuery(cuped);
    expect(params).toMatchObject({ m0_y_pre_ms: 14 * 86_400_000 });
    expect(query).toContain('t < first_ms AND t >= first_ms - {m0_y_pre_ms:Int64}');
    // a subject without pre-exposure values reads 0 and stays in (MEAN of the metric itself still needs a value)
    expect(query).toContain('if(m0_y_valued > 0, m0_y_value_sum / m0_y_valued, 0) AS m0_y');
    expect(query).toContain('AS m0_covariance');
  });

  it('counts exposures per cohort period when cohort start times are given, and only then', () => {
    const withCohorts = buildResultsQuery({ ...input, cohortStartsMs: [1_000, 2_000] });
    expect(withCohorts.params).toMatchObject({ cohort_starts: [1_000, 2_000] });
    expect(withCohorts.query).toContain('sumMapIf([cohort_period], [toUInt64(1)], NOT multiple) AS cohort_subjects');
    expect(buildResultsQuery(input).query).not.toContain('cohort_period');
  });
});

describe('the worst case with paired measures stays within the engine', () => {
  const MAX_QUERY_SIZE = 256 * 1024;
  const filters = (i: number): PropertyFilterInput[] =>
    Array.from({ length: MAX_FILTERS }, (_, j) => ({ source: j % 2 ? 'traits' : 'metadata', key: `k${i}_${j}`, operator: 'IN', values: ['a', 'b'] }));
  // Every metric paired: 20 ratios (a second, differently filtered measure), the rest CUPED (the
  // same measure before exposure: it reuses the metric's match bit, so its filters are not
  // written again). 50 ratios with 20 filters on both sides are ~302 KB: past the engine's limit.
  const worst: ResultsQueryInput = {
    ...input,
    variantKeys: Array.from({ length: 10 }, (_, i) => `VARIANT_${i}`),
    cohortStartsMs: Array.from({ length: 100 }, (_, i) => i * 1_000),
    metrics: Array.from({ length: MAX_ATTACHED_METRICS }, (_, i) => ({
      source: 'events' as const,
      metricId: `metric-${i}`,
      event: `event_${i}`,
      aggregation: 'MEAN' as const,
      windowHours: 24,
      filters: filters(i),
      paired:
        i < 20
          ? { event: `den_${i}`, aggregation: 'COUNT' as const, filters: filters(i + 1000) }
          : { event: `event_${i}`, aggregation: 'MEAN' as const, filters: filters(i), preExposureMs: 14 * 86_400_000 },
    })),
  };

  it(`${MAX_ATTACHED_METRICS} paired metrics (20 ratios) × ${MAX_FILTERS} filters per measure stay under max_query_size`, () => {
    const bytes = Buffer.byteLength(buildResultsQuery(worst).query);
    expect(bytes).toBeLessThan(MAX_QUERY_SIZE);
  });
});

describe('results over time', () => {
  it('repeats each subject once per bucket end since its first exposure, bounds post-exposure measures by it, groups by bucket', () => {
    const ends = [1_000, 2_000, 3_000];
    const { query, params } = render(resultsOverTimeStatement({ ...input, cohortStartsMs: [1, 2] }, ends));
    expect(params).toMatchObject({ bucket_ends: ends });
    expect(query).toContain('arrayJoin(arrayFilter(b -> b >= first_ms, {bucket_ends:Array(Int64)})) AS bucket_end');
    expect(query).toContain('t <= bucket_end');
    expect(query).toContain('GROUP BY bucket_end, variant');
    // one scan: the environment's events are read once, as in the plain results query
    expect(query.match(/FROM events FINAL/g)).toHaveLength(1);
    expect(query).not.toContain('cohort_period');
  });
});
