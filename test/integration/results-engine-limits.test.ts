/**
 * Issue 14, finding 4 (engine limits): the most an EDITOR can attach — MAX_ATTACHED_METRICS
 * metrics of MAX_FILTERS filters each, values as long as allowed and IN / NOT_IN lists as long as
 * allowed — still reads: `results` answers (one warehouse query, right figures), and
 * `declareWinner` / `endExperiment`, which freeze a readout, succeed. Before the fix the results
 * statement of this experiment was ~690 KB of SQL text, past the engine's max_query_size
 * (256 KiB), and every one of these calls was a masked 500. Real server, chDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTACHED_METRICS } from '../../src/domain/attachment/service.js';
import {
  MAX_DEFINITION_VALUE_CHARS,
  MAX_FILTER_VALUE_CHARS,
  MAX_FILTER_VALUES,
  MAX_FILTERS,
  MAX_NUMERIC_FILTER_VALUE,
} from '../../src/domain/metric/rules.js';
import { twoVariantExperiment } from '../fixtures/experiments.js';
import { changeExperiment } from '../fixtures/lifecycle.js';
import { exposureEvent, postSdkEvents, sdkEvent, type SdkEvent } from '../fixtures/sdk-events.js';
import { seed } from '../fixtures/seed.js';
import { graphql } from '../generated/gql.js';
import type { MetricAggregation, PropertyFilterInput } from '../generated/graphql.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { observeWarehouseQueries } from '../helpers/warehouse.js';

let t: TestApp;
const ENV = 'engine-limits';
const T0 = Date.now() - 3_600_000;
const SUBJECTS = 20;
const AGGREGATIONS: MetricAggregation[] = ['SUM', 'COUNT', 'OCCURRENCE', 'MEAN'];

const RESULTS = graphql(`query EngineLimitsResults($env: String!, $key: String!) {
  experiment(environmentKey: $env, key: $key) {
    id resourceVersion
    results { frozen exposures { variant { key } subjects } metrics { metric { name } variants { variant { key } n sum mean } } }
  }
}`);

const EXPERIMENT = graphql(`query EngineLimitsExperiment($env: String!, $key: String!) {
  experiment(environmentKey: $env, key: $key) { id resourceVersion }
}`);

/** A property key of the longest allowed length (200 characters), distinct per `j`. */
const key = (j: number) => `k${j}_`.padEnd(200, 'x');
/** A value of the longest allowed length, distinct per metric, filter and position (never in an event). */
const long = (metric: number, filter: number, k = 0) => `m${metric}f${filter}v${k}_`.padEnd(MAX_FILTER_VALUE_CHARS, 'n');
/** The value the matching events carry at key(0): as long as allowed. */
const MATCH = 'p'.repeat(MAX_FILTER_VALUE_CHARS);

/**
 * MAX_FILTERS filters for metric `i`, every operator, that the matching events below pass and the
 * others fail at key(0); IN / NOT_IN lists hold either the most values allowed (short ones) or
 * as many maximal values as the definition's total budget leaves.
 */
function filtersOf(i: number): PropertyFilterInput[] {
  const shortList = (prefix: string) => Array.from({ length: MAX_FILTER_VALUES - 1 }, (_, k) => `${prefix}${i}_${k}`);
  const filters: PropertyFilterInput[] = [
    { property: `traits.${key(0)}`, operator: 'EQ', values: [MATCH] },
    { property: `traits.${key(0)}`, operator: 'CONTAINS', values: [MATCH] },
    { property: `traits.${key(1)}`, operator: 'NEQ', values: [long(i, 2)] },
    { property: `metadata.${key(1)}`, operator: 'NEQ', values: [long(i, 3)] },
    { property: `traits.${key(2)}`, operator: 'IN', values: [...Array.from({ length: 40 }, (_, k) => long(i, 4, k)), 'two'] },
    { property: `metadata.${key(3)}`, operator: 'NOT_IN', values: Array.from({ length: 30 }, (_, k) => long(i, 5, k)) },
    { property: `traits.${key(4)}`, operator: 'IN', values: [...shortList('in'), 'four'] },
    { property: `traits.${key(5)}`, operator: 'NOT_IN', values: [...shortList('out'), 'five'] },
    { property: `traits.${key(6)}`, operator: 'GT', values: [String(-MAX_NUMERIC_FILTER_VALUE)] },
    { property: `traits.${key(6)}`, operator: 'GTE', values: ['42'] },
    { property: `traits.${key(6)}`, operator: 'LT', values: [String(MAX_NUMERIC_FILTER_VALUE)] },
    { property: `traits.${key(6)}`, operator: 'LTE', values: ['42.5'] },
    ...[0, 2, 4, 6].map((j): PropertyFilterInput => ({ property: `traits.${key(j)}`, operator: 'EXISTS', values: [] })),
  ];
  for (let j = filters.length; j < MAX_FILTERS; j++) filters.push({ property: `traits.${key(j)}`, operator: 'NEQ', values: [long(i, j)] });
  return filters;
}

/** A purchase of `identifier` worth `value`; it passes every metric's filters unless `matching` is false. */
function purchase(identifier: string, value: number, timestamp: number, matching: boolean): SdkEvent {
  const traits = { [key(0)]: matching ? MATCH : 'other', [key(1)]: 'one', [key(2)]: 'two', [key(4)]: 'four', [key(5)]: 'six', [key(6)]: 42 };
  return sdkEvent('purchase', { identifier, value: String(value), timestamp, traits });
}

beforeAll(async () => {
  t = await createTestApp();
  const first = seed(t).environment(ENV);
  for (let i = 0; i < MAX_ATTACHED_METRICS; i++) {
    const aggregation = AGGREGATIONS[i % AGGREGATIONS.length]!;
    first.metric(`limit ${i} ${aggregation}`, {
      aggregation,
      windowHours: i % 3 === 0 ? null : 24,
      definition: { event: { event: 'purchase', filters: filtersOf(i) } },
    });
  }
  const seeded = await first.experiment(twoVariantExperiment(ENV, 'winner', { featureName: 'checkout_a' })).start();
  const second = seed(t).in(ENV);
  for (const id of Object.values(seeded.metricIds)) second.attach(id);
  await second.experiment(twoVariantExperiment(ENV, 'ended', { featureName: 'checkout_b' })).start();

  const events: SdkEvent[] = [];
  for (let i = 0; i < SUBJECTS; i++) {
    const id = `s${i}`;
    const variant = i % 2 ? 'TREATMENT' : 'CONTROL';
    events.push(exposureEvent('checkout_a', id, variant, T0 + i), exposureEvent('checkout_b', id, variant, T0 + i));
    events.push(purchase(id, 1 + (i % 5), T0 + i + 1_000, true), purchase(id, 100, T0 + i + 2_000, false));
  }
  await postSdkEvents(t, ENV, events);
}, 240_000);

afterAll(() => t?.stop());

/** Σ of 1 + (i mod 5) over the subjects of a variant (even i: CONTROL). */
const expectedSum = (control: boolean) =>
  Array.from({ length: SUBJECTS }, (_, i) => i).filter((i) => (i % 2 === 0) === control).reduce((s, i) => s + 1 + (i % 5), 0);

describe(`${MAX_ATTACHED_METRICS} metrics × ${MAX_FILTERS} maximal filters on one experiment`, () => {
  it('are definitions as large as the rules allow', () => {
    const chars = filtersOf(0).reduce((n, f) => n + (f.values ?? []).reduce((m, v) => m + v.length, 0), 0);
    expect(filtersOf(0)).toHaveLength(MAX_FILTERS);
    expect(chars).toBeGreaterThan(0.8 * MAX_DEFINITION_VALUE_CHARS);
    expect(chars).toBeLessThanOrEqual(MAX_DEFINITION_VALUE_CHARS);
  });

  it('results reads them in one warehouse query, with the right figures', async () => {
    const log = observeWarehouseQueries(t);
    let r;
    try {
      r = await t.execute(RESULTS, { env: ENV, key: 'winner' });
      expect(log.count('results.metrics')).toBe(1);
    } finally {
      log.stop();
    }
    expect(r.errors).toBeUndefined();
    const results = r.data!.experiment!.results!;
    expect(results.frozen).toBe(false);
    expect(results.exposures.map((e) => e.subjects)).toEqual([SUBJECTS / 2, SUBJECTS / 2]);
    expect(results.metrics).toHaveLength(MAX_ATTACHED_METRICS);
    for (const m of results.metrics) {
      const aggregation = m.metric.name.split(' ')[2];
      const [control, treatment] = m.variants;
      expect(control!.variant.key).toBe('CONTROL');
      for (const [v, isControl] of [[control!, true], [treatment!, false]] as const) {
        expect(v.n, m.metric.name).toBe(SUBJECTS / 2);
        // The non-matching purchases (worth 100 each) fail the filters: only the matching ones count.
        const sum = aggregation === 'SUM' || aggregation === 'MEAN' ? expectedSum(isControl) : SUBJECTS / 2;
        expect(v.sum, m.metric.name).toBeCloseTo(sum, 9);
      }
    }
  });

  it('declareWinner and endExperiment freeze their readouts', async () => {
    const winner = (await t.executeOk(EXPERIMENT, { env: ENV, key: 'winner' })).experiment!;
    const declared = await changeExperiment(t, 'declareWinner', { experimentId: winner.id, expectedResourceVersion: winner.resourceVersion, variantKey: 'TREATMENT' });
    expect(declared.errors).toEqual([]);
    expect(declared.experiment?.status).toBe('WINNER_DECLARED');

    const ended = (await t.executeOk(EXPERIMENT, { env: ENV, key: 'ended' })).experiment!;
    const end = await changeExperiment(t, 'endExperiment', { experimentId: ended.id, expectedResourceVersion: ended.resourceVersion, reason: 'SUCCESS' });
    expect(end.errors).toEqual([]);
    expect(end.experiment?.status).toBe('ENDED');

    for (const key of ['winner', 'ended']) {
      const frozen = (await t.executeOk(RESULTS, { env: ENV, key })).experiment!.results!;
      expect(frozen.frozen).toBe(true);
      expect(frozen.metrics).toHaveLength(MAX_ATTACHED_METRICS);
      expect(frozen.metrics.every((m) => m.variants.every((v) => v.n === SUBJECTS / 2))).toBe(true);
    }
  });
});
