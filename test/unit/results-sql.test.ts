/** The results SQL builder: text and parameters by snapshot, and no untrusted value in the text. */
import { describe, expect, it } from 'vitest';
import { buildResultsQuery } from '../../src/warehouse/sql/results.sql.js';
import type { ResultsQueryInput } from '../../src/warehouse/sql/results-input.js';

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
      m1_f0_key: hostile,
      m1_f0_values: [hostile, 'b'],
      m1_f1_key: 'amount',
      m1_f1_value: 10.5,
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
        { ...input.metrics[1]!, paired: { event: 'visit', aggregation: 'COUNT', filters: [{ source: 'traits', key: 'plan', operator: 'EQ', values: ['pro'] }] } },
      ],
    };
    const built = buildResultsQuery(paired);
    for (const column of ['sum_y', 'sum_y_squares', 'sum_xy', 'variance_y', 'covariance']) {
      expect(built.query).toContain(`AS m1_${column}`);
      expect(built.query).not.toContain(`AS m0_${column}`);
    }
    expect(built.params).toMatchObject({ metric_events: ['purchase', hostile, 'visit'], m1_y_event: 'visit', m1_y_f0_key: 'plan', m1_y_f0_value: 'pro' });
    expect(built).toMatchSnapshot();
  });

  it('omits every metric source when no metric is attached, and still reads each variant', () => {
    const { query } = buildResultsQuery({ ...input, metrics: [] });
    expect(query).not.toContain('source_events');
    expect(query).toContain('arrayJoin({variants:Array(String)})');
  });
});
