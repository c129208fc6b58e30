/**
 * Issue 14 finding 4 (and issue 15): an analytical read that runs into one of its configured
 * limits (LIFTGATE_WAREHOUSE_READ_MAX_ROWS_TO_READ / _MAX_MEMORY_BYTES / _MAX_EXECUTION_SECONDS,
 * SETTINGS of the results statement) is a clear WAREHOUSE_LIMIT — a top-level error of `results`,
 * a user error of `declareWinner` — never WAREHOUSE_UNAVAILABLE (the warehouse is fine) nor a
 * masked 500, and nothing internal (SQL, engine codes, settings) reaches the client. A statement
 * the engine rejects as such stays masked. Before: the rows and memory limits were not
 * configurable, and the engine's TOO_MANY_ROWS was a masked 500 while MEMORY_LIMIT_EXCEEDED and
 * TIMEOUT_EXCEEDED were WAREHOUSE_UNAVAILABLE. Real server, chDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoVariantExperiment } from '../fixtures/experiments.js';
import { changeExperiment } from '../fixtures/lifecycle.js';
import { exposureEvent, postSdkEvents, sdkEvent } from '../fixtures/sdk-events.js';
import { seed } from '../fixtures/seed.js';
import { graphql } from '../generated/gql.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { withWarehouseOffline } from '../helpers/warehouse.js';

let t: TestApp;
let experimentId: string;
const ENV = 'read-limits';
const T0 = Date.now() - 3_600_000;
const SUBJECTS = 60;

const RESULTS = graphql(`query ReadLimitsResults($env: String!, $key: String!) {
  experiment(environmentKey: $env, key: $key) { status resourceVersion results { metrics { variants { n sum } } } }
}`);

/** Text that would betray the statement or the engine if it reached a client. */
const INTERNAL = /SELECT|FINAL|SETTINGS|max_rows_to_read|max_memory_usage|TOO_MANY_ROWS|MEMORY_LIMIT|Code:|DB::Exception|\{env:String\}/;

async function readResults() {
  const r = await t.execute(RESULTS, { env: ENV, key: 'limited' });
  return { ...r, text: JSON.stringify(r) };
}

beforeAll(async () => {
  t = await createTestApp({ env: { LIFTGATE_WAREHOUSE_READ_MAX_ROWS_TO_READ: '50' } });
  const seeded = await seed(t)
    .environment(ENV)
    .metric('Revenue', { aggregation: 'SUM', event: 'purchase' }, { role: 'PRIMARY' })
    .experiment(twoVariantExperiment(ENV, 'limited', { featureName: 'limited' }))
    .start();
  experimentId = seeded.experiment.id;
  const events = [];
  for (let i = 0; i < SUBJECTS; i++) {
    events.push(exposureEvent('limited', `s${i}`, i % 2 ? 'TREATMENT' : 'CONTROL', T0 + i));
    events.push(sdkEvent('purchase', { identifier: `s${i}`, value: '2', timestamp: T0 + i + 1_000 }));
  }
  await postSdkEvents(t, ENV, events);
}, 120_000);

afterAll(() => t?.stop());

describe('a read past its configured limits', () => {
  it('rows read: results is a top-level WAREHOUSE_LIMIT naming the limit, nothing internal, the warehouse still healthy', async () => {
    const r = await readResults();
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'WAREHOUSE_LIMIT' });
    expect(r.errors![0]!.message).toMatch(/limit on rows read/);
    expect(r.errors![0]!.path).toEqual(['experiment', 'results']);
    expect(r.text).not.toMatch(INTERNAL);
    expect(r.text).not.toContain('WAREHOUSE_UNAVAILABLE');
    // The rest of the request still answers; the warehouse is up.
    expect(r.data?.experiment?.status).toBe('ACTIVE');
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });

  it('rows read: declareWinner (which freezes a readout) is the user error WAREHOUSE_LIMIT and changes nothing', async () => {
    const { experiment } = await t.executeOk(graphql(`query ReadLimitsVersion($env: String!, $key: String!) {
      experiment(environmentKey: $env, key: $key) { resourceVersion }
    }`), { env: ENV, key: 'limited' });
    const r = await changeExperiment(t, 'declareWinner', { experimentId, expectedResourceVersion: experiment!.resourceVersion, variantKey: 'TREATMENT' });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ code: 'WAREHOUSE_LIMIT', field: null });
    expect(r.errors[0]!.message).not.toMatch(INTERNAL);
    expect(r.experiment ?? null).toBeNull();
    expect((await readResults()).data?.experiment?.status).toBe('ACTIVE');
  });

  it('memory: results is WAREHOUSE_LIMIT naming memory', async () => {
    await t.restart({ LIFTGATE_WAREHOUSE_READ_MAX_ROWS_TO_READ: '0', LIFTGATE_WAREHOUSE_READ_MAX_MEMORY_BYTES: '4096' });
    const r = await readResults();
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'WAREHOUSE_LIMIT' });
    expect(r.errors![0]!.message).toMatch(/limit on memory/);
    expect(r.text).not.toMatch(INTERNAL);
  });

  it('within the limits the same read answers', async () => {
    await t.restart({ LIFTGATE_WAREHOUSE_READ_MAX_ROWS_TO_READ: '100000', LIFTGATE_WAREHOUSE_READ_MAX_MEMORY_BYTES: String(1024 ** 3) });
    const r = await readResults();
    expect(r.errors).toBeUndefined();
    const [control, treatment] = r.data!.experiment!.results!.metrics[0]!.variants;
    expect([control!.n, treatment!.n]).toEqual([SUBJECTS / 2, SUBJECTS / 2]);
    expect([control!.sum, treatment!.sum]).toEqual([SUBJECTS, SUBJECTS]);
  });

  it('a statement the engine rejects (here: its table is gone) stays a masked error, not WAREHOUSE_LIMIT or WAREHOUSE_UNAVAILABLE', async () => {
    const r = await withWarehouseOffline(t, () => readResults(), 'missing');
    expect(r.errors?.[0]).toMatchObject({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(r.text).not.toMatch(INTERNAL);
    expect(r.text).not.toMatch(/WAREHOUSE_(LIMIT|UNAVAILABLE)/);
  });
});
