/**
 * Results frozen at winner declaration / end (contract: Experiment.results, ExperimentResults.frozen):
 * the warehouse readout is stored with the transition, later events do not change the results,
 * the statistics still follow alpha, the first freeze is kept, and a freeze that cannot read the
 * warehouse fails with WAREHOUSE_UNAVAILABLE and changes nothing. Real server, PGlite + chDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeExperiment } from '../fixtures/lifecycle.js';
import { exposureEvent, postSdkEvents, sdkEvent } from '../fixtures/sdk-events.js';
import { seed } from '../fixtures/seed.js';
import { graphql } from '../generated/gql.js';
import type { EndedReason } from '../generated/graphql.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { withWarehouseOffline } from '../helpers/warehouse.js';

let t: TestApp;
const ENV = 'frozen';
const FEATURE = 'checkout_flow';
const T0 = Date.now() - 3_600_000;

const RESULTS = graphql(`query FrozenResults($env: String!, $key: String!, $alpha: Float) { experiment(environmentKey: $env, key: $key) {
  status resourceVersion
  results(alpha: $alpha) {
    frozen alpha computedAt multipleExposures
    exposures { variant { key } subjects expectedShare observedShare }
    sampleRatioMismatch { chiSquare pValue mismatch }
    metrics { metric { name } variants { variant { key } n mean variance sum }
      comparisons { variant { key } pValue significant absoluteLift { estimate ciLower ciUpper } } }
  } } }`);

const EXPERIMENT = graphql(`query FrozenExperiment($env: String!, $key: String!) {
  experiment(environmentKey: $env, key: $key) { id status resourceVersion winningVariant { key } endedReason }
}`);


const AUDIT = graphql(`query FrozenAudit($env: String!, $id: ID!) {
  auditLog(environmentKey: $env, entityId: $id) { edges { node { action after } } }
}`);

async function results(key: string, alpha = 0.05) {
  const r = await t.execute(RESULTS, { env: ENV, key, alpha });
  expect(r.errors).toBeUndefined();
  return r.data!.experiment!.results!;
}

async function experiment(key: string) {
  const r = await t.execute(EXPERIMENT, { env: ENV, key });
  return r.data!.experiment!;
}

type Op = 'startExperiment' | 'declareWinner' | 'endExperiment' | 'archiveExperiment';

/** Runs lifecycle mutation `op` on experiment `key` at its current version; returns the payload. */
async function transition(op: Op, key: string, extra: { variantKey?: string; reason?: EndedReason } = {}) {
  const e = await experiment(key);
  const input = { experimentId: e.id, expectedResourceVersion: e.resourceVersion };
  return op === 'declareWinner' ? changeExperiment(t, op, { ...input, variantKey: extra.variantKey! })
    : op === 'endExperiment' ? changeExperiment(t, op, { ...input, reason: extra.reason! })
    : changeExperiment(t, op, input);
}

/** Subjects `from`..`to`-1: even ones CONTROL, odd ones TREATMENT, each buying for (i % 7) + 1. */
async function traffic(from: number, to: number) {
  const events = [];
  for (let i = from; i < to; i++) {
    const id = `s${i}`;
    events.push(exposureEvent(FEATURE, id, i % 2 ? 'TREATMENT' : 'CONTROL', T0 + i));
    events.push(sdkEvent('purchase', { identifier: id, value: String((i % 7) + 1 + (i % 2) * 3), timestamp: T0 + i + 1_000 }));
  }
  await postSdkEvents(t, ENV, events);
}

async function auditActions(id: string) {
  const r = await t.execute(AUDIT, { env: ENV, id });
  // `after` is JSON: the audited state as an object.
  return r.data!.auditLog.edges.map((e) => e.node as { action: string; after: Record<string, unknown> });
}

beforeAll(async () => {
  t = await createTestApp();
  await t.createEnvironments(ENV);
  const revenue = await seed(t).in(ENV).metric('Revenue', { aggregation: 'SUM', event: 'purchase' }, { role: 'PRIMARY' })
    .experiment(twoVariants('WINNER')).start();
  // Three experiments on the same flag, so they see the same exposures.
  for (const key of ['TWIN', 'OUTAGE']) {
    await seed(t).in(ENV).attach(revenue.metricIds.Revenue!, { role: 'PRIMARY' }).experiment(twoVariants(key)).start();
  }
  await traffic(0, 40);
});
afterAll(() => t?.stop());

function twoVariants(key: string) {
  return {
    key, featureName: FEATURE,
    variants: [{ key: 'control', name: 'Control', isControl: true }, { key: 'treatment', name: 'Treatment' }],
    allocations: [{ variantKey: 'control', split: 0.5 }, { variantKey: 'treatment', split: 0.5 }],
  };
}

describe('frozen results', () => {
  let atWinner: Awaited<ReturnType<typeof results>>;

  it('are live while ACTIVE and frozen by declareWinner', async () => {
    const live = await results('WINNER');
    expect(live.frozen).toBe(false);
    expect(live.exposures.map((e) => e.subjects)).toEqual([20, 20]);
    expect((await transition('declareWinner', 'WINNER', { variantKey: 'TREATMENT' })).errors).toEqual([]);
    atWinner = await results('WINNER');
    expect(atWinner.frozen).toBe(true);
    expect({ ...atWinner, frozen: false, computedAt: live.computedAt }).toEqual(live); // same figures, from the snapshot
    const [declare] = await auditActions((await experiment('WINNER')).id);
    expect(declare).toMatchObject({ action: 'DECLARE_WINNER', after: { status: 'WINNER_DECLARED', resultsFrozenAt: atWinner.computedAt } });
  });

  it('do not change when events arrive later, while live results of the same flag do', async () => {
    await traffic(40, 70);
    expect(await results('WINNER')).toEqual(atWinner);
    const twin = await results('TWIN');
    expect(twin.frozen).toBe(false);
    expect(twin.exposures.map((e) => e.subjects)).toEqual([35, 35]);
  });

  it('still apply the requested alpha', async () => {
    const wide = await results('WINNER', 0.01);
    const narrow = await results('WINNER', 0.5);
    for (const r of [wide, narrow]) {
      expect(r.frozen).toBe(true);
      expect(r.metrics[0]!.variants).toEqual(atWinner.metrics[0]!.variants);
    }
    expect(narrow.alpha).toBe(0.5);
    const lift = (r: typeof wide) => r.metrics[0]!.comparisons[0]!;
    const width = (r: typeof wide) => lift(r).absoluteLift.ciUpper - lift(r).absoluteLift.ciLower;
    expect(width(wide)).toBeGreaterThan(width(atWinner));
    expect(width(narrow)).toBeLessThan(width(atWinner));
    expect(lift(narrow).pValue).toBeCloseTo(lift(atWinner).pValue, 12);
  });

  it('keep the winner-time snapshot when the experiment then ends, and through archiving', async () => {
    expect((await transition('endExperiment', 'WINNER', { reason: 'SUCCESS' })).errors).toEqual([]);
    expect(await results('WINNER')).toEqual(atWinner);
    const [end] = await auditActions((await experiment('WINNER')).id);
    expect(end!.action).toBe('END');
    expect(end!.after.resultsFrozenAt).toBeUndefined();
    expect((await transition('archiveExperiment', 'WINNER')).errors).toEqual([]);
    expect(await results('WINNER')).toEqual(atWinner);
  });

  it('are frozen by endExperiment from ACTIVE too', async () => {
    expect((await transition('endExperiment', 'TWIN', { reason: 'NO_STAT_SIG' })).errors).toEqual([]);
    const ended = await results('TWIN');
    expect(ended.frozen).toBe(true);
    expect(ended.exposures.map((e) => e.subjects)).toEqual([35, 35]);
    await traffic(70, 80);
    expect(await results('TWIN')).toEqual(ended);
  });

  it('a freeze that cannot read the warehouse fails with WAREHOUSE_UNAVAILABLE and changes nothing; frozen results are still served', async () => {
    const before = await experiment('OUTAGE');
    const audited = (await auditActions(before.id)).length;
    await withWarehouseOffline(t, async () => {
      for (const [op, extra] of [['declareWinner', { variantKey: 'CONTROL' }], ['endExperiment', { reason: 'TECH_ISSUE' }]] as const) {
        const r = await transition(op, 'OUTAGE', extra);
        expect(r, op).toEqual({ experiment: null, errors: [{ code: 'WAREHOUSE_UNAVAILABLE', message: expect.any(String), field: null }] });
      }
      // The live experiment cannot be computed now; the frozen one comes from its snapshot.
      const live = await t.execute(RESULTS, { env: ENV, key: 'OUTAGE', alpha: 0.05 });
      expect(live.errors?.[0]?.extensions?.code).toBe('WAREHOUSE_UNAVAILABLE');
      expect(await results('WINNER')).toEqual(atWinner);
    }, 'unreachable');
    expect(await experiment('OUTAGE')).toEqual(before);
    expect((await auditActions(before.id)).length).toBe(audited);
    expect((await results('OUTAGE')).frozen).toBe(false);
    expect((await transition('declareWinner', 'OUTAGE', { variantKey: 'CONTROL' })).errors).toEqual([]);
    expect((await results('OUTAGE')).frozen).toBe(true);
  });
});
