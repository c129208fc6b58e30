/**
 * Configurable ingestion limits through the real server: the per-environment rate limit (429 +
 * Retry-After, trackEvents' RATE_LIMITED), the timestamp window, the insert deadline (503, nothing
 * reported stored, the resend counts each event once) and the writer's queue bound (back-pressure).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventWriter, WriteRefusedError, type FlushReport } from '../../src/ingestion/event-writer.js';
import { createRecentKeys } from '../../src/ingestion/recent-keys.js';
import { toEventRows } from '../../src/ingestion/event-row.js';
import { parseWireEvent, type ValidEvent } from '../../src/ingestion/schema.js';
import { sdkEvent } from '../fixtures/sdk-events.js';
import { seed } from '../fixtures/seed.js';
import { graphql } from '../generated/gql.js';
import { createTestApp, type ExecuteResult, type TestApp } from '../helpers/test-app.js';
import { warehouseRows } from '../helpers/warehouse.js';

let t: TestApp;
const NOW = Date.now();
const LIMITS = {
  LIFTGATE_MAX_EVENTS_PER_BATCH: '10',
  LIFTGATE_RATE_LIMIT_EVENTS_PER_SECOND: '2',
  LIFTGATE_RATE_LIMIT_BURST_EVENTS: '15',
  LIFTGATE_INGEST_MAX_QUEUED_EVENTS: '10',
  LIFTGATE_EVENT_MAX_FUTURE_SECONDS: '60',
  LIFTGATE_EVENT_MAX_AGE_SECONDS: '3600',
};
const recentKeys = () => createRecentKeys({ capacity: 1000, windowMs: 3_600_000 });
const batch = (tag: string, n = 10) => ({
  events: Array.from({ length: n }, (_, i) => sdkEvent('limit', { identifier: `${tag}-${i}`, value: '1', timestamp: NOW })),
});

const TRACK = graphql(`mutation LimitsTrack($input: TrackEventsInput!) { trackEvents(input: $input) { accepted errors { code } } }`);
const ASSIGN = graphql(`mutation LimitsAssign($s: String!) {
  assignSubject(input: { environmentKey: "limit-e", experimentKey: "rl-exp", subjectId: $s }) { assignment { reason } errors { code } }
}`);

async function storedCount(environmentKey: string, prefix: string): Promise<number> {
  const env = await t.app.services.environments.findByKey(environmentKey);
  const rows = await warehouseRows<{ c: string }>(t, 'SELECT count() AS c FROM events FINAL WHERE environment_id = {env:String} AND startsWith(identifier, {p:String})', {
    env: env!.id,
    p: prefix,
  });
  return Number(rows[0]!.c);
}

beforeAll(async () => {
  t = await createTestApp({ env: LIMITS });
  await t.createEnvironments('limit-a', 'limit-b', 'limit-c', 'limit-d', 'limit-e');
});

afterAll(async () => {
  await t?.stop();
});

describe('rate limit per environment', () => {
  it('answers 429 + Retry-After once the bucket is spent, stores nothing of that batch, and leaves other environments alone', async () => {
    expect((await t.postEvents('limit-a', batch('rl1'))).status).toBe(200); // 15 per 8 s window → 5 left
    const limited = await t.postEvents('limit-a', batch('rl2'));
    expect(limited.status).toBe(429);
    // The rest of the 8 s window (15 events at 2 events/s), in whole seconds.
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(6);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(8);
    expect(limited.body.error).toMatch(/rate limit/);
    expect(await storedCount('limit-a', 'rl2-')).toBe(0);
    expect((await t.postEvents('limit-b', batch('rl3'))).status).toBe(200);

    // trackEvents takes the batch's events without the SDK's feature_name (EventInput has none here).
    const events = batch('rl4').events.map(({ feature_name: _featureName, ...event }) => event);
    const track = await t.execute(TRACK, { input: { environmentKey: 'limit-a', events } });
    expect(track.errors?.[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) } });
  });

  it('applies to the exposures assignSubject records: a top-level RATE_LIMITED, never a masked error', async () => {
    await seed(t)
      .in('limit-e')
      .experiment({
        key: 'rl-exp', name: 'rl', featureName: 'rl_flag',
        variants: [{ key: 'a', name: 'A', isControl: true }, { key: 'b', name: 'B' }],
        allocations: [{ variantKey: 'a', split: 0.5 }, { variantKey: 'b', split: 0.5 }],
      })
      .start();
    expect((await t.postEvents('limit-e', batch('rl5', 10))).status).toBe(200); // 15 → 5 left
    // Each exposure takes one event of the window's budget, so the budget runs dry.
    let limited: ExecuteResult<unknown> | undefined;
    for (let i = 0; i < 40 && !limited; i++) {
      const answer = await t.execute(ASSIGN, { s: `subject-${i}` });
      if (answer.errors) limited = answer;
      else expect(answer.data?.assignSubject.assignment?.reason).toBe('NEW');
    }
    expect(limited?.errors?.[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) } });
    expect(JSON.stringify(limited)).not.toMatch(/Unexpected error/);
  });
});

describe('timestamp window', () => {
  it('uses the configured skew', async () => {
    // Relative to now, not to when the file was loaded (a slow start would eat into the 60 s skew).
    const now = Date.now();
    const res = await t.postEvents('limit-c', {
      events: [
        { event: 'skew', timestamp: now + 120_000 },
        { event: 'skew', timestamp: now - 2 * 3_600_000 },
        { event: 'skew', timestamp: now + 30_000 },
        { event: 'skew', timestamp: now - 1_800_000 },
      ],
    });
    expect(res.body.accepted).toBe(2);
    expect(res.body.rejected).toEqual([
      { index: 0, reason: 'timestamp: more than 60 s in the future' },
      { index: 1, reason: 'timestamp: older than 1 h' },
    ]);
  });
});

describe('back-pressure', () => {
  it('refuses a write at once when more events wait than the queue bound', async () => {
    const env = await t.app.services.environments.findByKey('limit-d');
    const rows = (tag: string, n: number) =>
      toEventRows(env!.id, batch(tag, n).events.map((e) => (parseWireEvent(e, NOW, { maxFutureMs: 1e9, maxAgeMs: 1e9 }) as { event: ValidEvent }).event), NOW);
    const writer = createEventWriter({ warehouse: t.app.warehouse.queries, recentKeys: recentKeys(), timeoutMs: 10_000, maxQueuedEvents: 10 });
    const first = writer.write(rows('bp1', 10));
    const second = writer.write(rows('bp2', 1));
    await expect(second).rejects.toMatchObject({ reason: 'overloaded' });
    await expect(second).rejects.toBeInstanceOf(WriteRefusedError);
    expect(await first).toEqual({ accepted: 10, duplicates: 0 });
    expect(await writer.write(rows('bp2', 1))).toEqual({ accepted: 1, duplicates: 0 });
    expect(writer.pendingEvents()).toBe(0);
  });

  it('reports copies queued behind the first as duplicates, asking the warehouse only for keys the filter may hold', async () => {
    const env = await t.app.services.environments.findByKey('limit-d');
    const rows = (tag: string) =>
      toEventRows(env!.id, batch(tag, 10).events.map((e) => (parseWireEvent(e, NOW, { maxFutureMs: 1e9, maxAgeMs: 1e9 }) as { event: ValidEvent }).event), NOW);
    const flushes: FlushReport[] = [];
    const options = { warehouse: t.app.warehouse.queries, timeoutMs: 10_000, maxQueuedEvents: 100, onFlush: (r: FlushReport) => flushes.push(r) };
    const writer = createEventWriter({ ...options, recentKeys: recentKeys() });
    // The first write starts a flush at once; the two copies queue behind it and share the next flush.
    const answers = await Promise.all([writer.write(rows('pipe')), writer.write(rows('pipe')), writer.write(rows('pipe'))]);
    expect(answers).toEqual([{ accepted: 10, duplicates: 0 }, { accepted: 0, duplicates: 10 }, { accepted: 0, duplicates: 10 }]);
    expect(flushes.map((f) => [f.inserted, f.lookedUp])).toEqual([[10, 0], [0, 10]]);
    expect(await writer.write(rows('pipe-new'))).toEqual({ accepted: 10, duplicates: 0 });
    expect(flushes[2]).toMatchObject({ inserted: 10, lookedUp: 0 }); // new keys: no lookup at all

    // A process that did not store them (another replica; a resend older than the window) reports
    // them as accepted, and storage still holds each event once.
    const other = createEventWriter({ ...options, recentKeys: recentKeys() });
    expect(await other.write(rows('pipe'))).toEqual({ accepted: 10, duplicates: 0 });
    expect(await storedCount('limit-d', 'pipe-')).toBe(20); // pipe-0..9 once, pipe-new-0..9 once
  });

  it('isolates a request whose rows the warehouse rejects from the others of its flush, losing nothing', async () => {
    const env = await t.app.services.environments.findByKey('limit-d');
    const rows = (tag: string, n: number) =>
      toEventRows(env!.id, batch(tag, n).events.map((e) => (parseWireEvent(e, NOW, { maxFutureMs: 1e9, maxAgeMs: 1e9 }) as { event: ValidEvent }).event), NOW);
    const writer = createEventWriter({ warehouse: t.app.warehouse.queries, recentKeys: recentKeys(), timeoutMs: 10_000, maxQueuedEvents: 100 });
    const shared = rows('iso', 1)[0]!;
    // Year ~5138: beyond DateTime64, so the INSERT fails on the data (not a connection error).
    const poison = { ...rows('iso-poison', 1)[0]!, timestamp: 1e17 };
    const first = writer.write(rows('iso-first', 1)); // starts a flush alone; the next two share one
    const culprit = writer.write([poison, shared]);
    const innocent = writer.write([{ ...shared }]);
    expect(await first).toEqual({ accepted: 1, duplicates: 0 });
    await expect(culprit).rejects.toMatchObject({ reason: 'failed' });
    // Its event was a duplicate of the culprit's copy in the failed flush: it must be stored now.
    expect(await innocent).toEqual({ accepted: 1, duplicates: 0 });
    expect(await storedCount('limit-d', 'iso-')).toBe(2);
  });

  it('remembers stored keys across a restart (the filter is warmed from the warehouse)', async () => {
    expect((await t.postEvents('limit-d', batch('warm'))).body).toMatchObject({ accepted: 10 });
    await t.restart(LIMITS);
    expect((await t.postEvents('limit-d', batch('warm'))).body).toEqual({ accepted: 0, duplicates: 10, rejected: [] });
  });

  it('answers 503 when the warehouse does not store a batch in time; the resend counts each event once', async () => {
    await t.restart({ ...LIMITS, LIFTGATE_INGEST_TIMEOUT_MS: '1' });
    const slow = await t.postEvents('limit-d', batch('slow'));
    expect(slow.status).toBe(503);
    expect(slow.headers.get('retry-after')).toBe('5');
    await t.restart(LIMITS); // closing drains the flush that was running: the rows may have landed
    const resent = await t.postEvents('limit-d', batch('slow'));
    expect(resent.status).toBe(200);
    expect(resent.body.accepted + resent.body.duplicates).toBe(10);
    expect(await storedCount('limit-d', 'slow-')).toBe(10);
  });
});
