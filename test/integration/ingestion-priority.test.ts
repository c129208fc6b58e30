/**
 * Issue 15, "reads never starve writes": on the embedded engine (chDB) a long analytical read
 * used to hold every ingestion lookup and insert behind it (one statement at a time per session,
 * parameterised statements one at a time per process), so batches sent during two 20 s results
 * reads answered 503. Now ingestion writes on its own session and its lookups go before queued
 * reads (src/warehouse/query.ts), and a lookup that cannot get its turn quickly is skipped
 * (the insert goes ahead; storage keeps one row per key).
 *
 * Real server on chDB. The heavy reads are analytical reads (`results.metrics` family, with the
 * configured read limits) through the app's own warehouse wrapper, each holding the engine for
 * ~4 s: twice the ingestion deadline, so before the change every batch here answered 503.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkEvent, type SdkEvent } from '../fixtures/sdk-events.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { warehouseRows } from '../helpers/warehouse.js';
import { QUERY_FAMILIES } from '../../src/warehouse/query.js';
import { param, sql } from '../../src/warehouse/sql.js';

let t: TestApp;
const ENV = 'priority';
const BATCHES = 8;
const PER_BATCH = 250;
const READ_SECONDS = 4;

function batch(tag: string, n: number): SdkEvent[] {
  const at = Date.now() - 60_000;
  return Array.from({ length: n }, (_, i) =>
    sdkEvent('purchase', { identifier: `${tag}-${i}`, value: String(i), traits: { plan: 'pro' }, timestamp: at + i }),
  );
}

/** An analytical read that holds the engine for `seconds` (a sleeping scan, one row per block). */
function heavyRead(seconds: number): Promise<unknown> {
  return t.app.warehouse.queries.query(
    QUERY_FAMILIES.resultsMetrics,
    sql`SELECT sum(sleepEachRow(0.25)) AS slept FROM numbers(${param(seconds * 4, 'UInt64')})`,
    { analytical: true, settings: { max_block_size: 1 } },
  );
}

beforeAll(async () => {
  t = await createTestApp();
  await t.createEnvironments(ENV);
}, 120_000);

afterAll(() => t?.stop());

describe('ingestion while two heavy analytical reads run', () => {
  it('answers every batch 2xx, resends and new batches, before the reads end; every event stored once', async () => {
    const resent = Array.from({ length: BATCHES }, (_, b) => batch(`old${b}`, PER_BATCH));
    const fresh = Array.from({ length: BATCHES }, (_, b) => batch(`new${b}`, PER_BATCH));
    // The batches that will be resent are stored first (the recent-keys filter now holds them,
    // so their resends need the stored-key lookup, a parameterised statement).
    for (const events of resent) expect((await t.postEvents(ENV, { events })).status).toBe(200);

    let readsDone = false;
    const reads = Promise.all([heavyRead(READ_SECONDS), heavyRead(READ_SECONDS)]).finally(() => {
      readsDone = true;
    });
    await new Promise((r) => setTimeout(r, 200)); // the first read runs, the second waits

    const started = performance.now();
    const answers = await Promise.all(
      [...resent, ...fresh].map(async (events, i) => {
        const t0 = performance.now();
        const res = await t.postEvents(ENV, { events });
        return { resend: i < BATCHES, status: res.status, body: res.body, ms: performance.now() - t0 };
      }),
    );
    const health = await fetch(`${t.url}/healthz`);
    const ingestionMs = performance.now() - started;
    const stillReading = !readsDone;
    await reads;

    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    for (const a of answers) {
      expect(a.body.rejected).toEqual([]);
      // A resend is reported as duplicates when its lookup ran, as accepted when it was skipped.
      expect(a.body.accepted + a.body.duplicates).toBe(PER_BATCH);
      if (!a.resend) expect(a.body.accepted).toBe(PER_BATCH);
    }
    expect(health.status).toBe(200);
    // Not merely within the deadline: done while the reads still held the engine.
    expect(stillReading, `ingestion took ${Math.round(ingestionMs)} ms`).toBe(true);

    const [stored] = await warehouseRows<{ keys: string }>(
      t,
      `SELECT uniqExact(event_id) AS keys FROM events WHERE environment_id = (SELECT environment_id FROM events WHERE identifier = 'new0-0' LIMIT 1)`,
    );
    expect(Number(stored!.keys)).toBe(2 * BATCHES * PER_BATCH);
  }, 120_000);
});
