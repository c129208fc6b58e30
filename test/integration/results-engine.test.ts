/**
 * The results engine of issue 10 through GraphQL on the real stores (PGlite + chDB), each figure
 * against a computation written here over the same events:
 * - metric definitions: RATIO event metrics (numerator / denominator), CUPED settings, priors,
 *   and their typed VALIDATION errors;
 * - CUPED: θ pooled over both arms, the variance reduction and the adjusted lift, with the
 *   covariate measured over [first exposure − 14 days, first exposure) (both window ends tested);
 * - ratio: Σ numerator / Σ denominator per arm and its delta-method variance;
 * - methods (BAYESIAN, SEQUENTIAL), corrections (HOLM on PRIMARY metrics only), notComputable;
 * - health: multiple exposures ≥ 1 %, low data per arm, guardrail breaches, SRM per cohort;
 * - one warehouse query per experiment per request whatever the analyses, one for resultsOverTime,
 *   and each bucket of resultsOverTime equal to a cumulative computation;
 * - snapshots as history: one SCHEDULED per day however many schedulers run, FREEZE at the end,
 *   the frozen snapshot byte-stable on every read.
 */
import { decodeGlobalID } from '@pothos/plugin-relay';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prismaClient } from '../../src/db/prisma-ref.js';
import { createSnapshotHistory } from '../../src/domain/results/history.js';
import { createResultsService } from '../../src/domain/results/service.js';
import { createSnapshotScheduler } from '../../src/jobs/snapshot-scheduler.js';
import { changeExperiment } from '../fixtures/lifecycle.js';
import { AddCohort, AttachMetric, CreateMetric } from '../fixtures/operations.js';
import { exposureEvent, postSdkEvents, sdkEvent, type SdkEvent } from '../fixtures/sdk-events.js';
import { seed, type Seeded } from '../fixtures/seed.js';
import { graphql } from '../generated/gql.js';
import type { CreateMetricInput } from '../generated/graphql.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { observeWarehouseQueries } from '../helpers/warehouse.js';

let t: TestApp;
const ENV = 'results-engine';
const FEATURE = 'engine_flag';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.now() - 2 * DAY;
const N = 40;

const RESULTS = graphql(`query EngineResults($env: String!, $key: String!, $analysis: ResultsAnalysisInput) {
  experiment(environmentKey: $env, key: $key) {
    results(analysis: $analysis) {
      frozen
      analysis { alpha method correction cuped }
      exposures { variant { key } subjects }
      health {
        sampleRatioMismatch { chiSquare degreesOfFreedom pValue mismatch cohorts }
        multipleExposures { subjects share warning }
        lowData { variant { key } subjects minimum }
        guardrailBreaches { metric { name } variant { key } }
      }
      metrics { metric { name } role verdict variants { variant { key } n mean variance sum } }
    }
  }
}`);

// The comparisons apart: the cost limit counts every list ten times (metrics × comparisons).
const COMPARISONS = graphql(`query EngineComparisons($env: String!, $key: String!, $analysis: ResultsAnalysisInput) {
  experiment(environmentKey: $env, key: $key) {
    results(analysis: $analysis) {
      metrics { metric { name } role
        comparisons { pValue relativePValue significant chanceToWin risk { control } adjustedPValue notComputable
          absoluteLift { estimate ciLower ciUpper }
          cuped { theta varianceReduction unadjusted { absoluteLift { estimate ciLower ciUpper } } } }
      }
    }
  }
}`);

const TWO_ANALYSES = graphql(`query EngineTwoAnalyses($env: String!, $key: String!) {
  experiment(environmentKey: $env, key: $key) {
    a: results(analysis: { cuped: true, correction: HOLM }) { metrics { comparisons { pValue } } }
    b: results(analysis: { method: BAYESIAN }) { metrics { comparisons { chanceToWin } } }
    c: resultsOverTime(interval: DAY) { bucketEnd results { exposures { subjects } } }
  }
}`);

const OVER_TIME = graphql(`query EngineOverTime($env: String!, $key: String!, $interval: BucketInterval) {
  experiment(environmentKey: $env, key: $key) {
    resultsOverTime(interval: $interval) { bucketEnd results { exposures { variant { key } subjects }
      metrics { metric { name } variants { variant { key } n sum } comparisons { absoluteLift { estimate ciLower ciUpper } } } } }
  }
}`);

const SNAPSHOTS = graphql(`query EngineSnapshots($env: String!, $key: String!) {
  experiment(environmentKey: $env, key: $key) {
    id resourceVersion
    snapshots(first: 3) { totalCount edges { node { trigger slot takenAt settings { alpha method correction cuped }
      results { frozen computedAt metrics { metric { name } variants { variant { key } n mean variance sum } } } } } }
  }
}`);

const UPDATE_METRIC = graphql(`mutation EngineUpdateMetric($input: UpdateMetricInput!) {
  updateMetric(input: $input) { metric { id } errors { code field } } }`);

const METRIC = graphql(`query EngineMetric($id: ID!) {
  node(id: $id) { ... on Metric { aggregation cuped { preExposureDays } prior { mean stddev }
    definition { __typename ... on RatioEventMetricDefinition { numerator { event aggregation } denominator { event aggregation } } } } }
}`);

// ---- the events, and the independent computation over them ----------------------------------

interface Subject { id: string; variant: 'CONTROL' | 'TREATMENT'; first: number; i: number }
const subjects: Subject[] = [];
for (let i = 0; i < N; i++) {
  subjects.push({ id: `c${i}`, variant: 'CONTROL', first: T0 + i * 60_000, i });
  subjects.push({ id: `t${i}`, variant: 'TREATMENT', first: T0 + i * 60_000 + 30_000, i });
}
const events: SdkEvent[] = [];
const purchase = (id: string, ts: number, value: number) => sdkEvent('purchase', { identifier: id, value: String(value), timestamp: ts });
for (const s of subjects) {
  const pre = 10 + (s.i % 7) * 3;
  events.push(exposureEvent(FEATURE, s.id, s.variant, s.first));
  events.push(purchase(s.id, s.first - 3 * DAY, pre));
  events.push(purchase(s.id, s.first - 15 * DAY + 60_000, 1000)); // before the 14-day window: no covariate
  if (s.i % 5 === 0) events.push(purchase(s.id, s.first - 14 * DAY, 2)); // exactly at its start: counts
  const lift = s.variant === 'TREATMENT' ? 2 : 0;
  events.push(purchase(s.id, s.first, pre * 0.8 + ((s.i * 37) % 11) + lift)); // at exposure: post, not pre
  const extra = s.variant === 'CONTROL' ? s.i % 3 === 0 : s.i % 3 !== 2;
  if (extra) events.push(purchase(s.id, s.first + DAY + 1000 * s.i, 5 + (s.i % 4)));
}
// two subjects exposed to both variants (2 of 82 ≈ 2.4 %: a warning)
for (const id of ['both0', 'both1']) events.push(exposureEvent(FEATURE, id, 'CONTROL', T0), exposureEvent(FEATURE, id, 'TREATMENT', T0 + 1000));

const included = subjects;
const purchasesOf = (id: string) => events.filter((e) => e.event === 'purchase' && e.identifier === id);
const post = (s: Subject, until = Infinity) => purchasesOf(s.id).filter((e) => e.timestamp >= s.first && e.timestamp <= until);
const x = (s: Subject, until = Infinity) => post(s, until).reduce((n, e) => n + Number(e.value), 0);
const count = (s: Subject) => post(s).length;
const y = (s: Subject) => purchasesOf(s.id).filter((e) => e.timestamp < s.first && e.timestamp >= s.first - 14 * DAY).reduce((n, e) => n + Number(e.value), 0);
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const cov = (a: number[], b: number[]) => {
  const ma = mean(a);
  const mb = mean(b);
  return a.reduce((n, ai, k) => n + (ai - ma) * (b[k]! - mb), 0) / (a.length - 1);
};
const arm = (v: Subject['variant']) => included.filter((s) => s.variant === v);

let seeded: Seeded;
let cohortSeeded: Seeded;

async function comparisons(key: string, analysis?: Record<string, unknown>) {
  const r = await t.execute(COMPARISONS, { env: ENV, key, analysis });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  const metrics = r.data!.experiment!.results!.metrics;
  return (name: string) => metrics.find((m) => m.metric.name === name)!;
}

async function results(key: string, analysis?: Record<string, unknown>) {
  const r = await t.execute(RESULTS, { env: ENV, key, analysis });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data!.experiment!.results!;
}
const metricOf = (r: Awaited<ReturnType<typeof results>>, name: string) => r.metrics.find((m) => m.metric.name === name)!;

async function createMetricErrors(input: Omit<CreateMetricInput, 'environmentKey'>) {
  const r = await t.executeOk(CreateMetric, { input: { environmentKey: ENV, ...input } });
  return r.createMetric.errors.map((e) => ({ code: e.code, field: e.field }));
}

beforeAll(async () => {
  t = await createTestApp();
  const variants = [{ key: 'control', name: 'Control', isControl: true }, { key: 'treatment', name: 'Treatment', isControl: false }];
  const allocations = [{ variantKey: 'CONTROL', split: 0.5 }, { variantKey: 'TREATMENT', split: 0.5 }];
  seeded = await seed(t)
    .environment(ENV)
    .metric('Revenue', { aggregation: 'SUM', event: 'purchase', cuped: { preExposureDays: 14 }, prior: { mean: 0, stddev: 0.3 } }, { role: 'PRIMARY', expectedDirection: 'INCREASE' })
    .metric(
      'Revenue per purchase',
      { aggregation: 'RATIO', definition: { ratio: { numerator: { event: 'purchase', aggregation: 'SUM' }, denominator: { event: 'purchase', aggregation: 'COUNT' } } } },
      { role: 'PRIMARY', expectedDirection: 'INCREASE' },
    )
    .metric('Purchases', { aggregation: 'COUNT', event: 'purchase', polarity: 'LOWER_IS_BETTER' }, { role: 'GUARDRAIL', expectedDirection: 'NO_CHANGE' })
    .metric('Never', { aggregation: 'COUNT', event: 'never_happens' }, { role: 'SECONDARY' })
    .experiment({ key: 'engine', featureName: FEATURE, variants, allocations })
    .start();
  cohortSeeded = await seed(t).in(ENV).experiment({ key: 'cohorts', featureName: 'cohort_flag', variants, allocations }).start();
  await postSdkEvents(t, ENV, events);
  // The experiment started before its first exposure, so resultsOverTime has several days.
  await prismaClient().experiment.update({ where: { id: decodeGlobalID(seeded.experiment.id).id }, data: { startedAt: new Date(T0 - DAY) } });
}, 180_000);

afterAll(() => t?.stop());

describe('metric definitions', () => {
  it('store a ratio with its two measures, and CUPED settings and a prior', async () => {
    const ratio = await t.executeOk(METRIC, { id: seeded.metricIds['Revenue per purchase']! });
    expect(ratio.node).toMatchObject({
      aggregation: 'RATIO', cuped: null, prior: null,
      definition: { __typename: 'RatioEventMetricDefinition', numerator: { event: 'purchase', aggregation: 'SUM' }, denominator: { event: 'purchase', aggregation: 'COUNT' } },
    });
    const revenue = await t.executeOk(METRIC, { id: seeded.metricIds.Revenue! });
    expect(revenue.node).toMatchObject({ aggregation: 'SUM', cuped: { preExposureDays: 14 }, prior: { mean: 0, stddev: 0.3 }, definition: { __typename: 'EventMetricDefinition' } });
  });

  it('reject what cannot be analysed, with the field', async () => {
    const ratio = { ratio: { numerator: { event: 'a', aggregation: 'SUM' as const }, denominator: { event: 'b', aggregation: 'COUNT' as const } } };
    expect(await createMetricErrors({ name: 'r1', aggregation: 'SUM', definition: ratio })).toEqual([{ code: 'VALIDATION', field: ['input', 'aggregation'] }]);
    expect(await createMetricErrors({ name: 'r2', aggregation: 'RATIO', definition: { ratio: { ...ratio.ratio, denominator: { event: 'b', aggregation: 'RATIO' } } } }))
      .toEqual([{ code: 'VALIDATION', field: ['input', 'aggregation'] }]);
    expect(await createMetricErrors({ name: 'r3', aggregation: 'RATIO', definition: ratio, cuped: {} })).toEqual([{ code: 'VALIDATION', field: ['input', 'cuped'] }]);
    expect(await createMetricErrors({ name: 'r4', aggregation: 'RATIO', definition: ratio, monitoring: { enabled: true } }))
      .toEqual([{ code: 'VALIDATION', field: ['input', 'monitoring', 'enabled'] }]);
    for (const days of [0, 91]) {
      expect(await createMetricErrors({ name: `c${days}`, aggregation: 'SUM', definition: { event: { event: 'a' } }, cuped: { preExposureDays: days } }))
        .toEqual([{ code: 'VALIDATION', field: ['input', 'cuped', 'preExposureDays'] }]);
    }
    const monitorRatio = await t.executeOk(UPDATE_METRIC, { input: { id: seeded.metricIds['Revenue per purchase']!, monitoring: { enabled: true } } });
    expect(monitorRatio.updateMetric.errors).toEqual([{ code: 'VALIDATION', field: ['input', 'monitoring', 'enabled'] }]);
    expect(await createMetricErrors({ name: 'p1', aggregation: 'SUM', definition: { event: { event: 'a' } }, prior: { mean: 0, stddev: 0 } }))
      .toEqual([{ code: 'VALIDATION', field: ['input', 'prior', 'stddev'] }]);
    expect(await createMetricErrors({ name: 'p2', aggregation: 'SUM', definition: { event: { event: 'a' } }, prior: { mean: 1e9, stddev: 1 } }))
      .toEqual([{ code: 'VALIDATION', field: ['input', 'prior', 'mean'] }]);
  });
});

describe('the results query stays within the engine', () => {
  it('attachMetric refuses the ratio that would make the results query too large; what was attached still reads', async () => {
    const wide = await seed(t).in(ENV).experiment({
      key: 'wide', featureName: 'wide_flag',
      variants: [{ key: 'control', name: 'Control', isControl: true }, { key: 'treatment', name: 'Treatment', isControl: false }],
      allocations: [{ variantKey: 'CONTROL', split: 0.5 }, { variantKey: 'TREATMENT', split: 0.5 }],
    }).draft();
    const filters = (i: number, side: string) =>
      Array.from({ length: 20 }, (_, j) => ({ property: `traits.${side}${i}_${j}`, operator: 'IN' as const, values: ['a', 'b'] }));
    let attached = 0;
    let refused: { code: string; field?: string[] | null } | undefined;
    for (let i = 0; i < 50 && !refused; i++) {
      const created = await t.executeOk(CreateMetric, {
        input: {
          environmentKey: ENV, name: `wide ratio ${i}`, aggregation: 'RATIO',
          definition: { ratio: { numerator: { event: `n${i}`, aggregation: 'SUM', filters: filters(i, 'n') }, denominator: { event: `d${i}`, aggregation: 'COUNT', filters: filters(i, 'd') } } },
        },
      });
      const r = await t.executeOk(AttachMetric, { input: { experimentId: wide.experiment.id, metricId: created.createMetric.metric!.id } });
      if (r.attachMetric.errors.length) refused = r.attachMetric.errors[0]!;
      else attached++;
    }
    expect(refused).toMatchObject({ code: 'VALIDATION', field: ['input', 'metricId'] });
    expect(attached).toBeGreaterThanOrEqual(20);
    const r = await t.execute(RESULTS, { env: ENV, key: 'wide' });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    expect(r.data!.experiment!.results!.metrics).toHaveLength(attached);
  }, 120_000);
});

describe('results', () => {
  it('CUPED: θ pooled over both arms, the variance reduction and the adjusted lift match the computation', async () => {
    const revenue = (await comparisons('engine', { cuped: true }))('Revenue');
    const xs = included.map((s) => x(s));
    const ys = included.map(y);
    const theta = cov(xs, ys) / cov(ys, ys);
    const adj = (v: Subject['variant']) => arm(v).map((s) => x(s) - theta * y(s));
    const plain = (v: Subject['variant']) => arm(v).map((s) => x(s));
    const se2 = (f: (v: Subject['variant']) => number[]) => cov(f('TREATMENT'), f('TREATMENT')) / N + cov(f('CONTROL'), f('CONTROL')) / N;
    const c = revenue.comparisons[0]!;
    expect(c.cuped!.theta).toBeCloseTo(theta, 9);
    expect(c.cuped!.varianceReduction).toBeCloseTo(1 - se2(adj) / se2(plain), 9);
    expect(c.cuped!.varianceReduction).toBeGreaterThan(0.3);
    expect(c.absoluteLift.estimate).toBeCloseTo(mean(adj('TREATMENT')) - mean(adj('CONTROL')), 9);
    expect(c.cuped!.unadjusted.absoluteLift.estimate).toBeCloseTo(mean(plain('TREATMENT')) - mean(plain('CONTROL')), 9);
    // narrower than the unadjusted interval
    expect(c.absoluteLift.ciUpper - c.absoluteLift.ciLower).toBeLessThan(c.cuped!.unadjusted.absoluteLift.ciUpper - c.cuped!.unadjusted.absoluteLift.ciLower);
    // without CUPED asked: unadjusted figures, no cuped block
    const off = (await comparisons('engine'))('Revenue').comparisons[0]!;
    expect(off.cuped).toBeNull();
    expect(off.absoluteLift).toEqual(c.cuped!.unadjusted.absoluteLift);
  });

  it('ratio: Σ numerator / Σ denominator per arm with its delta-method variance', async () => {
    const r = await results('engine');
    const ratio = metricOf(r, 'Revenue per purchase');
    for (const v of ['CONTROL', 'TREATMENT'] as const) {
      const num = arm(v).map((s) => x(s));
      const den = arm(v).map(count);
      const rr = num.reduce((a, b) => a + b) / den.reduce((a, b) => a + b);
      const variance = (cov(num, num) - 2 * rr * cov(num, den) + rr * rr * cov(den, den)) / mean(den) ** 2;
      const got = ratio.variants.find((s) => s.variant.key === v)!;
      expect(got.n).toBe(N);
      expect(got.mean).toBeCloseTo(rr, 10);
      expect(got.variance).toBeCloseTo(variance, 9);
    }
  });

  it('methods, corrections and not-computable comparisons', async () => {
    const fixed = await comparisons('engine');
    const bayes = await comparisons('engine', { method: 'BAYESIAN' });
    const seq = await comparisons('engine', { method: 'SEQUENTIAL' });
    const holm = await comparisons('engine', { correction: 'HOLM' });
    const b = bayes('Revenue').comparisons[0]!;
    expect(b.chanceToWin).toBeGreaterThan(0);
    expect(b.chanceToWin).toBeLessThan(1);
    expect(b.risk!.control).toBeGreaterThanOrEqual(0);
    expect(b.relativePValue).toBeNull();
    expect((await results('engine', { method: 'BAYESIAN' })).analysis).toEqual({ alpha: 0.05, method: 'BAYESIAN', correction: 'NONE', cuped: false });
    const f = fixed('Revenue').comparisons[0]!;
    const s = seq('Revenue').comparisons[0]!;
    expect(f.relativePValue).toBeGreaterThan(0);
    expect(f.chanceToWin).toBeNull();
    expect(s.absoluteLift.ciUpper - s.absoluteLift.ciLower).toBeGreaterThan(f.absoluteLift.ciUpper - f.absoluteLift.ciLower);
    // HOLM over the two PRIMARY metrics only
    for (const name of ['Revenue', 'Revenue per purchase', 'Purchases', 'Never']) {
      const m = holm(name);
      const c = m.comparisons[0]!;
      if (m.role === 'PRIMARY') expect(c.adjustedPValue).toBeGreaterThanOrEqual(c.pValue);
      else expect(c.adjustedPValue).toBeNull();
    }
    const never = fixed('Never').comparisons[0]!;
    expect(never).toMatchObject({ notComputable: 'ZERO_VARIANCE', significant: false, pValue: 1, relativePValue: null });
  });

  it('health: multiple exposures ≥ 1 %, low data per arm, guardrail breaches', async () => {
    const r = await results('engine');
    expect(r.health.multipleExposures).toEqual({ subjects: 2, share: 2 / (2 * N + 2), warning: true });
    expect(r.health.lowData).toEqual([
      { variant: { key: 'CONTROL' }, subjects: N, minimum: 150 },
      { variant: { key: 'TREATMENT' }, subjects: N, minimum: 150 },
    ]);
    expect(metricOf(r, 'Purchases').verdict).toBe('GUARDRAIL_BREACH');
    expect(r.health.guardrailBreaches).toEqual([{ metric: { name: 'Purchases' }, variant: { key: 'TREATMENT' } }]);
    expect(r.health.sampleRatioMismatch).toMatchObject({ cohorts: 1, mismatch: false });
  });

  it('sample ratio per cohort: each subject against the cohort that placed it', async () => {
    const before = Date.now() - HOUR;
    const early: SdkEvent[] = [];
    for (let i = 0; i < 100; i++) early.push(exposureEvent('cohort_flag', `e${i}`, i % 2 ? 'TREATMENT' : 'CONTROL', before + i));
    await postSdkEvents(t, ENV, early);
    const r = await t.executeOk(AddCohort, {
      input: { experimentId: cohortSeeded.experiment.id, expectedResourceVersion: cohortSeeded.experiment.resourceVersion, allocations: [{ variantKey: 'CONTROL', split: 0.9 }, { variantKey: 'TREATMENT', split: 0.1 }] },
    });
    expect(r.r.errors).toEqual([]);
    const after = Date.now() + 5_000;
    const late: SdkEvent[] = [];
    for (let i = 0; i < 200; i++) late.push(exposureEvent('cohort_flag', `l${i}`, i % 10 === 0 ? 'TREATMENT' : 'CONTROL', after + i));
    await postSdkEvents(t, ENV, late);
    const health = (await results('cohorts')).health.sampleRatioMismatch;
    // 50/50 then 90/10, each exactly as split: no mismatch (against the newest splits alone, 230:70 vs 90:10 is one)
    expect(health).toMatchObject({ cohorts: 2, chiSquare: 0, degreesOfFreedom: 2, mismatch: false });
  });

  it('one warehouse query per experiment whatever the analyses, one for resultsOverTime', async () => {
    const log = observeWarehouseQueries(t);
    try {
      const r = await t.execute(TWO_ANALYSES, { env: ENV, key: 'engine' });
      expect(r.errors).toBeUndefined();
      expect(log.count('results.metrics')).toBe(1);
      expect(log.count('results.over-time')).toBe(1);
    } finally {
      log.stop();
    }
  });

  it('resultsOverTime: each bucket is the cumulative computation at its end; the last equals the live results', async () => {
    const r = await t.execute(OVER_TIME, { env: ENV, key: 'engine', interval: 'DAY' });
    expect(r.errors).toBeUndefined();
    const points = r.data!.experiment!.resultsOverTime;
    expect(points.length).toBeGreaterThanOrEqual(3);
    for (const p of points) {
      const end = Date.parse(p.bucketEnd);
      for (const v of ['CONTROL', 'TREATMENT'] as const) {
        const exposed = arm(v).filter((s) => s.first <= end);
        expect(p.results.exposures.find((e) => e.variant.key === v)!.subjects).toBe(exposed.length);
        const revenue = p.results.metrics.find((m) => m.metric.name === 'Revenue')!.variants.find((s) => s.variant.key === v)!;
        expect(revenue.n).toBe(exposed.length);
        expect(revenue.sum).toBeCloseTo(exposed.reduce((n, s) => n + x(s, end), 0), 9);
      }
    }
    const live = await comparisons('engine');
    const last = points.at(-1)!.results.metrics.find((m) => m.metric.name === 'Revenue')!;
    expect(last.comparisons[0]!.absoluteLift).toEqual(live('Revenue').comparisons[0]!.absoluteLift);
  });
});

describe('snapshots as history', () => {
  it('one SCHEDULED snapshot per day however many schedulers run; FREEZE at the end; the frozen one byte-stable', async () => {
    const prisma = prismaClient();
    const service = createResultsService({ prisma, warehouse: t.app.warehouse.queries });
    const history = createSnapshotHistory({ prisma, takeReadout: service.takeReadout });
    const now = new Date();
    const schedulers = [0, 1].map(() => createSnapshotScheduler(history, { tickMs: 60_000, now: () => now }));
    const ticks = await Promise.all(schedulers.map((s) => s.runOnce()));
    // both experiments of the environment are due; each written once between the two schedulers
    expect(ticks.reduce((n, s) => n + s.taken, 0)).toBe(2);
    expect((await schedulers[0]!.runOnce()).due).toBe(0);

    let snap = (await t.executeOk(SNAPSHOTS, { env: ENV, key: 'engine' })).experiment!;
    expect(snap.snapshots.edges.map((e) => [e.node.trigger, e.node.slot])).toEqual([['SCHEDULED', now.toISOString().slice(0, 10)]]);
    expect(snap.snapshots.edges[0]!.node.settings).toEqual({ alpha: 0.05, method: 'FIXED', correction: 'NONE', cuped: false });

    const ended = await changeExperiment(t, 'endExperiment', { experimentId: snap.id, expectedResourceVersion: snap.resourceVersion, reason: 'SUCCESS' });
    expect(ended.errors).toEqual([]);
    const first = await t.gql(print(SNAPSHOTS), { env: ENV, key: 'engine' });
    snap = (await t.executeOk(SNAPSHOTS, { env: ENV, key: 'engine' })).experiment!;
    expect(snap.snapshots.edges.map((e) => e.node.trigger)).toEqual(['SCHEDULED', 'FREEZE']);
    const frozen = snap.snapshots.edges[1]!.node.results!;
    expect(frozen.frozen).toBe(true);
    // the frozen results equal the FREEZE snapshot's, and new events change neither
    const live = await results('engine');
    expect(live.frozen).toBe(true);
    expect(metricOf(live, 'Revenue').variants).toEqual(frozen.metrics.find((m) => m.metric.name === 'Revenue')!.variants);
    await postSdkEvents(t, ENV, subjects.map((s) => purchase(s.id, Date.now(), 999)));
    const again = await t.gql(print(SNAPSHOTS), { env: ENV, key: 'engine' });
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
  });
});
