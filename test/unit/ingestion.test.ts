/** Pure parts of ingestion: content ids, event keys, nesting depth, numeric values, the rate limiter, TSV escaping, config rules. */
import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { toEventRows } from '../../src/ingestion/event-row.js';
import { createRateLimiter, windowSeconds } from '../../src/ingestion/rate-limit.js';
import { createRecentKeys } from '../../src/ingestion/recent-keys.js';
import { numericValue, parseWireEvent, type ValidEvent } from '../../src/ingestion/schema.js';
import { deeperThan } from '../../src/lib/json-depth.js';
import { eventKeyString, toTabSeparated, type EventRow } from '../../src/warehouse/events-store.js';

const NOW = 1_795_270_000_000;
const valid = (raw: unknown): ValidEvent => {
  const r = parseWireEvent(raw, NOW, { maxFutureMs: 86_400_000, maxAgeMs: 30 * 86_400_000 });
  if (!r.ok) throw new Error(r.reason);
  return r.event;
};

describe('content ids', () => {
  const events = [
    { event: 'purchase', feature_name: null, identifier: 'u1', value: '99.5', traits: { plan: 'pro', a: [1, { z: 1, y: 2 }] }, metadata: { sdk_version: '6.1.0' }, timestamp: NOW },
    { event: '$flag_exposure', feature_name: 'f', identifier: null, value: 'CONTROL', traits: null, metadata: null, timestamp: NOW },
    { event: 'näme "quoted" \\ back', value: 12.5 },
    { event: 'x', identifier: '🎉', value: '', traits: {}, timestamp: NOW - 1 },
  ];

  it('are the first release formula: sha256(stable JSON of the fields + "#" + occurrence)', () => {
    const [row0, row1, row2, row3] = toEventRows('env', events.map(valid), NOW);
    const reference = (e: Record<string, unknown>, occurrence = 0) =>
      createHash('sha256')
        .update(`${stringify([e.event, e.feature_name ?? null, e.identifier ?? null, e.value ?? null, e.traits ?? null, e.metadata ?? null, e.timestamp ?? null])}#${occurrence}`)
        .digest('base64url');
    expect([row0!.event_id, row1!.event_id, row2!.event_id, row3!.event_id]).toEqual(events.map((e) => reference(e)));
  });

  it('do not depend on key order; number each identical event of a batch; use event_id when sent', () => {
    const a = { event: 'p', traits: { a: 1, b: 2 }, timestamp: NOW };
    const b = { timestamp: NOW, traits: { b: 2, a: 1 }, event: 'p' };
    const rows = toEventRows('env', [a, b, a, { ...a, event_id: 'mine' }].map(valid), NOW);
    expect(rows[0]!.event_id).not.toBe(rows[1]!.event_id); // same content: occurrence 0 and 1
    expect(toEventRows('env', [b].map(valid), NOW)[0]!.event_id).toBe(rows[0]!.event_id);
    expect(rows[2]!.event_id).not.toBe(rows[0]!.event_id);
    expect(rows[3]!.event_id).toBe('mine');
  });
});

describe('event keys', () => {
  it('are unambiguous whatever the fields hold (NUL, digits, colons)', () => {
    const keys = [
      ['env', 'col\u0000b', 'c'], ['env', 'col', 'b\u0000c'], ['env', 'col', 'bc'], ['env', 'colb', 'c'],
      ['env', '3:a', 'b'], ['env', '3', ':ab'], ['en', 'v3:col', 'b'], ['env1', ':', ''], ['env', '1::', ''],
    ].map(([e, n, i]) => eventKeyString(e!, n!, i!));
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('nesting depth', () => {
  it('counts the value itself as level 1, arrays and objects alike, without recursion', () => {
    expect(deeperThan({}, 1)).toBe(false);
    expect(deeperThan({ a: [] }, 1)).toBe(true);
    expect(deeperThan({ a: [1, { b: 'x' }] }, 3)).toBe(false);
    expect(deeperThan({ a: [1, { b: {} }] }, 3)).toBe(true);
    expect(deeperThan(JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`), 32)).toBe(true);
  });
});

describe('numeric values', () => {
  it.each([
    ['99.5', 99.5], [' 42 ', 42], ['-3', -3], ['+1.5e3', 1500], ['1e-05', 0.00001], ['.5', 0.5], ['7.', 7], [12, 12],
    ['TREATMENT', null], ['', null], ['0x10', null], ['Infinity', null], ['NaN', null], ['1,5', null], ['1e999', null], [null, null],
  ] as const)('%j → %j', (value, expected) => {
    expect(numericValue(value)).toBe(expected);
  });

  it('are never taken from exposure values', () => {
    const [row] = toEventRows('env', [valid({ event: '$flag_exposure', feature_name: 'f', value: '2' })], NOW);
    expect(row).toMatchObject({ value: '2', value_number: null });
  });
});

describe('rate limiter (process-local)', () => {
  it('allows `burst` events per window of burst/perSecond seconds per key, with a whole-second Retry-After; refused requests take nothing', async () => {
    const limiter = createRateLimiter({ perSecond: 10, burst: 100 }); // 100 events per 10 s
    expect(await limiter.take('a', 60)).toBe(0);
    const wait = await limiter.take('a', 60);
    expect(wait).toBeGreaterThanOrEqual(9);
    expect(wait).toBeLessThanOrEqual(10);
    expect(await limiter.take('a', 40)).toBe(0); // the refused 60 were not counted
    expect(await limiter.take('a', 1)).toBeGreaterThanOrEqual(1);
    expect(await limiter.take('b', 100)).toBe(0); // another key has its own budget
    await limiter.close();
  });

  it('has windows of whole seconds, at least one', () => {
    expect(windowSeconds(10_000, 50_000)).toBe(5);
    expect(windowSeconds(2, 15)).toBe(8);
    expect(windowSeconds(1000, 10)).toBe(1);
  });

  it('is off at 0 events per second', async () => {
    expect(await createRateLimiter({ perSecond: 0, burst: 1 }).take('a', 1_000_000)).toBe(0);
  });

  it('keeps limiting per process while its Redis is unreachable (insurance limiter), without failing requests', async () => {
    const errors: unknown[] = [];
    const limiter = createRateLimiter({ perSecond: 1, burst: 10, redisUrl: 'redis://127.0.0.1:1', keyPrefix: 'test-unreachable:', onStoreError: (e) => errors.push(e) });
    expect(await limiter.take('a', 10)).toBe(0);
    expect(await limiter.take('a', 1)).toBeGreaterThanOrEqual(1);
    expect(errors.length).toBeGreaterThan(0);
    await limiter.close();
  });
});

describe('TabSeparated rows', () => {
  it('escape backslash, tab, newline and carriage return, write NULL as \\N and times as seconds.mmm', () => {
    const row: EventRow = {
      environment_id: 'env', event_id: 'id', event: 'a\tb', feature_name: null, identifier: 'x\\N', value: 'l1\nl2\r',
      value_number: 0.1, traits: '{"k":"\\"q\\""}', metadata: '{}', timestamp: 1_795_270_000_007, received_at: 5,
    };
    expect(toTabSeparated([row])).toBe('env\tid\ta\\tb\t\\N\tx\\\\N\tl1\\nl2\\r\t0.1\t{"k":"\\\\"q\\\\""}\t{}\t1795270000.007\t0.005\n');
  });
});

describe('ingestion configuration', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({}).ingestion).toEqual({
      maxFutureMs: 86_400_000, maxAgeMs: 30 * 86_400_000, rateLimitPerSecond: 10_000, rateLimitBurst: 50_000, timeoutMs: 2_000, maxQueuedEvents: 100_000, dedupWindowMs: 3_600_000,
    });
  });

  it('refuses a burst or queue smaller than a batch', () => {
    expect(() => loadConfig({ LIFTGATE_MAX_EVENTS_PER_BATCH: '1000', LIFTGATE_RATE_LIMIT_BURST_EVENTS: '999' })).toThrow(/LIFTGATE_RATE_LIMIT_BURST_EVENTS/);
    expect(() => loadConfig({ LIFTGATE_MAX_EVENTS_PER_BATCH: '1000', LIFTGATE_INGEST_MAX_QUEUED_EVENTS: '10' })).toThrow(/LIFTGATE_INGEST_MAX_QUEUED_EVENTS/);
    expect(() => loadConfig({ LIFTGATE_MAX_EVENTS_PER_BATCH: '1000', LIFTGATE_RATE_LIMIT_BURST_EVENTS: '10', LIFTGATE_RATE_LIMIT_EVENTS_PER_SECOND: '0' })).not.toThrow();
    // Timestamps past the warehouse's DateTime64 range (2299) would make inserts fail.
    expect(() => loadConfig({ LIFTGATE_EVENT_MAX_FUTURE_SECONDS: String(400 * 365 * 86_400) })).toThrow(/LIFTGATE_EVENT_MAX_FUTURE_SECONDS/);
  });
});

describe('recent keys filter', () => {
  it('never forgets a key within the window and rarely claims an unknown one', () => {
    const keys = createRecentKeys({ capacity: 200_000, windowMs: 3_600_000 });
    for (let i = 0; i < 100_000; i++) keys.add(`env\0purchase\0id-${i}`);
    let missed = 0;
    for (let i = 0; i < 100_000; i++) if (!keys.mayContain(`env\0purchase\0id-${i}`)) missed++;
    expect(missed).toBe(0);
    let falsePositives = 0;
    for (let i = 0; i < 100_000; i++) if (keys.mayContain(`env\0purchase\0other-${i}`)) falsePositives++;
    expect(falsePositives).toBeLessThanOrEqual(5); // designed for 1e-5
  });

  it('keeps a generation for half the window or `capacity` keys, and the previous one until the next turn', () => {
    let now = 0;
    const keys = createRecentKeys({ capacity: 3, windowMs: 1_000, now: () => now });
    keys.add('a');
    now = 499;
    expect(keys.mayContain('a')).toBe(true);
    now = 500; // rotates: 'a' is in the previous generation
    expect(keys.mayContain('a')).toBe(true);
    keys.add('b');
    now = 1_000; // rotates again: 'a' is gone, 'b' moves to the previous generation
    expect(keys.mayContain('a')).toBe(false);
    expect(keys.mayContain('b')).toBe(true);
    for (const k of ['c', 'd', 'e']) keys.add(k); // full: the next call rotates
    keys.add('f');
    expect(['b', 'c', 'f'].map((k) => keys.mayContain(k))).toEqual([false, true, true]);
  });
});
