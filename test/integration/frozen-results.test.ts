/**
 * Results frozen at winner declaration / end (contract: Experiment.results, ExperimentResults.frozen):
 * the warehouse readout is stored with the transition, later events do not change the results,
 * the statistics still follow alpha, the first freeze is kept, and a freeze that cannot read the
 * warehouse fails with WAREHOUSE_UNAVAILABLE and changes nothing. Real server, PGlite + chDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
const ENV = 'frozen';
const FEATURE = 'checkout_flow';
const T0 = Date.now() - 3_600_000;

const RESULTS = `query($key: String!, $alpha: Float) { experiment(environmentKey: "${ENV}", key: $key) {
  status resourceVersion
  results(alpha: $alpha) {
    frozen alpha computedAt multipleExposures
    exposures { variant { key } subjects expectedShare observedShare }
    sampleRatioMismatch { chiSquare pValue mismatch }
    metrics { metric { name } variants { variant { key } n mean variance sum }
      comparisons { variant { key } pValue significant absoluteLift { estimate ciLower ciUpper } } }
  } } }`;

async function results(key: string, alpha = 0.05) {
  const r = await t.gql(RESULTS, { key, alpha });
  expect(r.errors).toBeUndefined();
  return r.data.experiment.results;
}

async function experiment(key: string) {
  const r = await t.gql(`{ experiment(environmentKey: "${ENV}", key: "${key}") { id status resourceVersion winningVariant { key } endedReason } }`);
  return r.data.experiment as { id: string; status: string; resourceVersion: number };
}

async function transition(op: 'startExperiment' | 'declareWinner' | 'endExperiment' | 'archiveExperiment', key: string, extra: Record<string, unknown> = {}) {
  const type = { startExperiment: 'TransitionInput', archiveExperiment: 'TransitionInput', declareWinner: 'DeclareWinnerInput', endExperiment: 'EndExperimentInput' }[op];
  const e = await experiment(key);
  const r = await t.gql(`mutation($input: ${type}!) { r: ${op}(input: $input) { experiment { status resourceVersion } errors { code message field } } }`, {
    input: { experimentId: e.id, expectedResourceVersion: e.resourceVersion, ...extra },
  });
  expect(r.errors).toBeUndefined();
  return r.data.r as { experiment: { status: string } | null; errors: { code: string }[] };
}

/** Subjects `from`..`to`-1: even ones CONTROL, odd ones TREATMENT, each buying for (i % 7) + 1. */
async function traffic(from: number, to: number) {
  const events = [];
  for (let i = from; i < to; i++) {
    const id = `s${i}`;
    events.push({ event: '$flag_exposure', feature_name: FEATURE, identifier: id, value: i % 2 ? 'TREATMENT' : 'CONTROL', traits: null, metadata: { sdk_version: '6.1.0' }, timestamp: T0 + i });
    events.push({ event: 'purchase', feature_name: null, identifier: id, value: String((i % 7) + 1 + (i % 2) * 3), traits: null, metadata: { sdk_version: '6.1.0' }, timestamp: T0 + i + 1_000 });
  }
  const res = await t.postEvents(ENV, { events });
  expect(res.status).toBe(200);
  expect(res.body.rejected).toEqual([]);
}

async function auditActions(id: string) {
  const r = await t.gql(`query($id: ID!) { auditLog(environmentKey: "${ENV}", entityId: $id) { edges { node { action after } } } }`, { id });
  return r.data.auditLog.edges.map((e: { node: unknown }) => e.node) as { action: string; after: Record<string, unknown> }[];
}

/**
 * Runs `fn` while the warehouse cannot be reached: `events` is swapped for a remote table on a
 * closed port (what a ClickHouse cluster with unreachable shards looks like), then restored.
 */
async function whileWarehouseUnreachable<T>(fn: () => Promise<T>): Promise<T> {
  const wh = t.app.warehouse.client;
  const [{ db }] = (await (await wh.query({ query: 'SELECT currentDatabase() AS db', format: 'JSONEachRow' })).json<{ db: string }>()) as [{ db: string }];
  const columns = await (await wh.query({
    query: 'SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = {t:String} ORDER BY position',
    query_params: { t: 'events' },
    format: 'JSONEachRow',
  })).json<{ name: string; type: string }>();
  await wh.command({ query: 'RENAME TABLE events TO events_offline' });
  try {
    await wh.command({
      query: `CREATE TABLE events (${columns.map((c) => `\`${c.name}\` ${c.type}`).join(', ')}) AS remote('127.0.0.1:9', '${db}', 'events_offline')`,
    });
    return await fn();
  } finally {
    await wh.command({ query: 'DROP TABLE IF EXISTS events' });
    await wh.command({ query: 'RENAME TABLE events_offline TO events' });
  }
}

beforeAll(async () => {
  t = await createTestApp();
  await t.gql(`mutation { createEnvironment(input: { name: "Frozen", key: "${ENV}" }) { errors { code } } }`);
  const metric = await t.gql(`mutation { createMetric(input: { environmentKey: "${ENV}", name: "Revenue", aggregation: SUM, definition: { event: { event: "purchase" } } }) { metric { id } errors { code } } }`);
  const metricId = metric.data.createMetric.metric.id;
  // Three experiments on the same flag, so they see the same exposures.
  for (const key of ['WINNER', 'TWIN', 'OUTAGE']) {
    const r = await t.gql(`mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { experiment { id } errors { code } } }`, {
      input: {
        environmentKey: ENV, key, name: key, featureName: FEATURE,
        variants: [{ key: 'control', name: 'Control', isControl: true }, { key: 'treatment', name: 'Treatment' }],
        allocations: [{ variantKey: 'control', split: 0.5 }, { variantKey: 'treatment', split: 0.5 }],
      },
    });
    const id = r.data.createExperiment.experiment.id;
    const a = await t.gql(`mutation($e: ID!, $m: ID!) { attachMetric(input: { experimentId: $e, metricId: $m, role: PRIMARY }) { errors { code } } }`, { e: id, m: metricId });
    expect(a.data.attachMetric.errors).toEqual([]);
    expect((await transition('startExperiment', key)).errors).toEqual([]);
  }
  await traffic(0, 40);
});
afterAll(() => t?.stop());

describe('frozen results', () => {
  let atWinner: Record<string, any>;

  it('are live while ACTIVE and frozen by declareWinner', async () => {
    const live = await results('WINNER');
    expect(live.frozen).toBe(false);
    expect(live.exposures.map((e: { subjects: number }) => e.subjects)).toEqual([20, 20]);
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
    expect(twin.exposures.map((e: { subjects: number }) => e.subjects)).toEqual([35, 35]);
  });

  it('still apply the requested alpha', async () => {
    const wide = await results('WINNER', 0.01);
    const narrow = await results('WINNER', 0.5);
    for (const r of [wide, narrow]) {
      expect(r.frozen).toBe(true);
      expect(r.metrics[0].variants).toEqual(atWinner.metrics[0].variants);
    }
    expect(narrow.alpha).toBe(0.5);
    const width = (r: typeof wide) => r.metrics[0].comparisons[0].absoluteLift.ciUpper - r.metrics[0].comparisons[0].absoluteLift.ciLower;
    expect(width(wide)).toBeGreaterThan(width(atWinner));
    expect(width(narrow)).toBeLessThan(width(atWinner));
    expect(narrow.metrics[0].comparisons[0].pValue).toBeCloseTo(atWinner.metrics[0].comparisons[0].pValue, 12);
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
    expect(ended.exposures.map((e: { subjects: number }) => e.subjects)).toEqual([35, 35]);
    await traffic(70, 80);
    expect(await results('TWIN')).toEqual(ended);
  });

  it('a freeze that cannot read the warehouse fails with WAREHOUSE_UNAVAILABLE and changes nothing; frozen results are still served', async () => {
    const before = await experiment('OUTAGE');
    const audited = (await auditActions(before.id)).length;
    await whileWarehouseUnreachable(async () => {
      for (const [op, extra] of [['declareWinner', { variantKey: 'CONTROL' }], ['endExperiment', { reason: 'TECH_ISSUE' }]] as const) {
        const r = await transition(op, 'OUTAGE', extra);
        expect(r, op).toEqual({ experiment: null, errors: [{ code: 'WAREHOUSE_UNAVAILABLE', message: expect.any(String), field: null }] });
      }
      // The live experiment cannot be computed now; the frozen one comes from its snapshot.
      const live = await t.gql(RESULTS, { key: 'OUTAGE', alpha: 0.05 });
      expect(live.errors?.[0]?.extensions?.code).toBe('WAREHOUSE_UNAVAILABLE');
      expect(await results('WINNER')).toEqual(atWinner);
    });
    expect(await experiment('OUTAGE')).toEqual(before);
    expect((await auditActions(before.id)).length).toBe(audited);
    expect((await results('OUTAGE')).frozen).toBe(false);
    expect((await transition('declareWinner', 'OUTAGE', { variantKey: 'CONTROL' })).errors).toEqual([]);
    expect((await results('OUTAGE')).frozen).toBe(true);
  });
});
