/** The results SQL builder: text and parameters by snapshot, and no untrusted value in the text. */
import { describe, expect, it } from 'vitest';
import { buildMultipleExposuresQuery, buildResultsQuery } from '../../src/warehouse/sql/results.sql.js';

const hostile = "x'); DROP TABLE events; --";
const input = {
  environmentId: 'env-1',
  exposureEvent: '$flag_exposure',
  featureName: hostile,
  variantKeys: ['CONTROL', 'TREATMENT'],
  metrics: [
    { metricId: 'm-occ', event: 'purchase', aggregation: 'OCCURRENCE' as const, filters: [], windowHours: 72 },
    {
      metricId: 'm-mean',
      event: hostile,
      aggregation: 'MEAN' as const,
      windowHours: null,
      filters: [
        { source: 'traits' as const, key: hostile, operator: 'IN' as const, values: [hostile, 'b'] },
        { source: 'metadata' as const, key: 'amount', operator: 'GTE' as const, values: ['10.5'] },
      ],
    },
  ],
};

describe('buildResultsQuery', () => {
  it('binds every untrusted value as a parameter', () => {
    const { sql, params } = buildResultsQuery(input);
    expect(sql).not.toContain('DROP');
    expect(sql).not.toContain('purchase');
    expect(sql).not.toContain('10.5');
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
  });

  it('keeps its shape (snapshot of SQL and parameters)', () => {
    expect(buildResultsQuery(input)).toMatchSnapshot();
    expect(buildMultipleExposuresQuery(input)).toMatchSnapshot();
  });

  it('omits the events join when no metric is attached', () => {
    expect(buildResultsQuery({ ...input, metrics: [] }).sql).not.toContain('LEFT JOIN');
  });
});
