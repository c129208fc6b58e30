/**
 * POST /v1/events and trackEvents through the real server (PGlite + chDB): the exact payload the
 * Flagsmith SDK sends and the results it yields, every per-event rule, every whole-request status,
 * mixed batches, resends (sequential and concurrent), a warehouse outage with the SDK's retry,
 * /metrics, and a fuzz of random and truncated bodies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../fixtures/seed.js';
import { graphql } from '../generated/gql.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { warehouseRows, withWarehouseOffline } from '../helpers/warehouse.js';

let t: TestApp;
const SDK_ENV = 'sdk';
const ENV = 'ingest';
const NOW = Date.now();
const META = { sdk_version: '6.1.0' };

const RESULTS = graphql(`query IngestionResults($env: String!, $key: String!) {
  experiment(environmentKey: $env, key: $key) {
    results { multipleExposures exposures { variant { key } subjects }
      metrics { metric { name } variants { variant { key } n sum mean } } }
  }
}`);
const TRACK = graphql(`mutation IngestionTrack($input: TrackEventsInput!) {
  trackEvents(input: $input) { accepted duplicates rejected { index reason } errors { code message field } }
}`);

/** Rows stored for an environment key, read once per event (FINAL). */
async function stored(environmentKey: string, where = '1') {
  const env = await t.app.services.environments.findByKey(environmentKey);
  return warehouseRows<{ event: string; feature_name: string | null; identifier: string | null; value: string | null; value_number: number | null; traits: string; metadata: string; ts: string }>(
    t,
    `SELECT event, feature_name, identifier, value, value_number, traits, metadata, toUnixTimestamp64Milli(timestamp) AS ts
     FROM events FINAL WHERE environment_id = {env:String} AND ${where} ORDER BY event, identifier NULLS FIRST, value`,
    { env: env!.id },
  );
}

async function setUpExperiment(environmentKey: string) {
  const seeded = await seed(t)
    .in(environmentKey)
    .metric('Revenue', { aggregation: 'SUM', event: 'purchase' })
    .metric('Conversion', { aggregation: 'OCCURRENCE', event: 'purchase' })
    .experiment({
      key: 'checkout', name: 'Checkout', featureName: 'checkout_redesign',
      variants: [{ key: 'control', name: 'Control', isControl: true }, { key: 'treatment', name: 'Treatment' }],
      allocations: [{ variantKey: 'CONTROL', split: 0.5 }, { variantKey: 'TREATMENT', split: 0.5 }],
    })
    .start();
  expect(seeded.experiment.status).toBe('ACTIVE');
}

async function results(environmentKey: string) {
  const r = await t.execute(RESULTS, { env: environmentKey, key: 'CHECKOUT' });
  expect(r.errors).toBeUndefined();
  const res = r.data!.experiment!.results!;
  const metric = (name: string) =>
    Object.fromEntries(res.metrics.find((m) => m.metric.name === name)!.variants.map((v) => [v.variant.key, { n: v.n, sum: v.sum }]));
  return {
    exposures: Object.fromEntries(res.exposures.map((e) => [e.variant.key, e.subjects])),
    revenue: metric('Revenue'),
    conversion: metric('Conversion'),
  };
}

beforeAll(async () => {
  t = await createTestApp();
  await t.createEnvironments(SDK_ENV, ENV);
  await setUpExperiment(SDK_ENV);
});

afterAll(async () => {
  await t?.stop();
});

describe('the payload the Flagsmith SDK sends', () => {
  // flagsmith-python-client 6.1 EventProcessor: every key present, values as strings, nulls,
  // metadata.sdk_version, one timestamp shared by the events buffered in the same millisecond,
  // `Content-Type: application/json; charset=utf-8` (set by t.postEvents).
  const T = NOW - 60_000;
  const exposure = (identifier: string | null, value: string) => ({
    event: '$flag_exposure', feature_name: 'checkout_redesign', identifier, value, traits: null, metadata: META, timestamp: T,
  });
  const purchase = (identifier: string | null, value: string | null, traits: Record<string, unknown> | null = { plan: 'pro' }) => ({
    event: 'purchase', feature_name: null, identifier, value, traits, metadata: META, timestamp: T + 1,
  });
  const body = {
    events: [
      exposure('u1', 'CONTROL'),
      exposure('u2', 'CONTROL'),
      exposure('u3', 'TREATMENT'),
      exposure('u4', 'TREATMENT'),
      exposure(null, 'TREATMENT'), // no identifier: stored, never a subject
      purchase('u1', '10.5'),
      purchase('u1', '4.5', null),
      purchase('u3', '99.5'),
      purchase('u3', '99.5'), // identical event in the same millisecond: a second purchase, not a duplicate
      purchase('u4', 'n/a'), // non-numeric: an event without a value
      purchase(null, '1000'), // no identifier: in metric series, never in results
    ],
  };

  it('stores every event as sent and computes results from it', async () => {
    const res = await t.postEvents(SDK_ENV, JSON.stringify(body));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accepted: 11, duplicates: 0, rejected: [] });

    const rows = await stored(SDK_ENV);
    expect(rows).toHaveLength(11);
    const purchases = rows.filter((r) => r.event === 'purchase');
    expect(purchases.map((r) => [r.identifier, r.value, r.value_number])).toEqual([
      [null, '1000', 1000],
      ['u1', '10.5', 10.5],
      ['u1', '4.5', 4.5],
      ['u3', '99.5', 99.5],
      ['u3', '99.5', 99.5],
      ['u4', 'n/a', null], // kept as sent, no numeric value
    ]);
    expect(purchases.every((r) => Number(r.ts) === T + 1 && JSON.parse(r.metadata).sdk_version === '6.1.0')).toBe(true);
    expect(rows.filter((r) => r.event === '$flag_exposure').every((r) => r.value_number === null && r.feature_name === 'checkout_redesign')).toBe(true);

    const r = await results(SDK_ENV);
    expect(r.exposures).toEqual({ CONTROL: 2, TREATMENT: 2 });
    expect(r.revenue).toEqual({ CONTROL: { n: 2, sum: 15 }, TREATMENT: { n: 2, sum: 199 } });
    expect(r.conversion).toEqual({ CONTROL: { n: 2, sum: 1 }, TREATMENT: { n: 2, sum: 2 } });
  });

  it('counts a resent batch once: duplicates reported, results unchanged', async () => {
    const before = await results(SDK_ENV);
    const again = await t.postEvents(SDK_ENV, JSON.stringify(body));
    expect(again.body).toEqual({ accepted: 0, duplicates: 11, rejected: [] });
    expect(await results(SDK_ENV)).toEqual(before);
    expect(await stored(SDK_ENV)).toHaveLength(11);
  });
});

describe('per-event rules (200 with {index, reason}; the valid rest is stored)', () => {
  const ok = { event: 'purchase', identifier: 'rule-ok', value: '1', timestamp: NOW };
  const cases: [string, unknown, RegExp][] = [
    ['no event name', { identifier: 'x', timestamp: NOW }, /^event:/],
    ['empty event name', { event: '', timestamp: NOW }, /^event: is required/],
    ['blank event name', { event: '   ', timestamp: NOW }, /^event: is required/],
    ['event name over 200 characters', { event: 'e'.repeat(201) }, /^event: must be at most 200/],
    ['event name not a string', { event: 42 }, /^event:/],
    ['identifier not a string', { event: 'purchase', identifier: 42 }, /^identifier:/],
    ['exposure without feature_name', { event: '$flag_exposure', identifier: 'x', value: 'A', feature_name: null }, /^feature_name: is required for \$flag_exposure/],
    ['exposure with empty feature_name', { event: '$flag_exposure', identifier: 'x', value: 'A', feature_name: '' }, /^feature_name: is required/],
    ['value an object', { event: 'purchase', value: { amount: 1 } }, /^value:/],
    ['value a boolean', { event: 'purchase', value: true }, /^value:/],
    ['traits a string', { event: 'purchase', traits: 'plan=pro' }, /^traits:/],
    ['traits an array', { event: 'purchase', traits: ['pro'] }, /^traits:/],
    ['metadata a number', { event: 'purchase', metadata: 7 }, /^metadata:/],
    ['traits over 64 KiB', { event: 'purchase', traits: { blob: 'x'.repeat(64 * 1024) } }, /^traits: must serialise to at most 65536 bytes/],
    ['metadata over 64 KiB in UTF-8', { event: 'purchase', metadata: { blob: 'é'.repeat(33 * 1024) } }, /^metadata: must serialise to at most/],
    ['timestamp a string', { event: 'purchase', timestamp: 'yesterday' }, /^timestamp:/],
    ['timestamp negative', { event: 'purchase', timestamp: -1 }, /^timestamp:/],
    ['timestamp more than 24 h ahead', { event: 'purchase', timestamp: NOW + 25 * 3_600_000 }, /^timestamp: more than 24 h in the future/],
    ['timestamp older than 30 days', { event: 'purchase', timestamp: NOW - 31 * 86_400_000 }, /^timestamp: older than 30 days/],
    ['event_id empty', { event: 'purchase', event_id: '' }, /^event_id:/],
    ['not an object', 'purchase', /event must be a JSON object/],
    ['null', null, /event must be a JSON object/],
  ];

  it.each(cases)('rejects %s', async (_name, bad, reason) => {
    const id = `rule-${Math.random().toString(36).slice(2)}`;
    const res = await t.postEvents(ENV, { events: [{ ...ok, identifier: id }, bad] });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected).toHaveLength(1);
    expect(res.body.rejected[0].index).toBe(1);
    expect(res.body.rejected[0].reason).toMatch(reason);
    expect(await stored(ENV, `identifier = '${id}'`)).toHaveLength(1);
  });

  it('accepts the edges: null fields, numbers, 23 h ahead, 29 days old, no timestamp, unknown fields', async () => {
    const edge = [
      { event: 'e'.repeat(200), identifier: null, value: null, traits: null, metadata: null, feature_name: null, timestamp: null },
      { event: 'edge', identifier: 'edge-1', value: 12.25, timestamp: NOW + 23 * 3_600_000 },
      { event: 'edge', identifier: 'edge-2', value: '1e-05', timestamp: NOW - 29 * 86_400_000 },
      { event: 'edge', identifier: 'edge-3', value: ' 42 ' },
      { event: 'edge', identifier: 'edge-4', value: '0x10', unknown_field: { ignored: true } },
      { event: '$flag_exposure', feature_name: 'f', identifier: 'edge-5', value: '7' },
    ];
    const before = Date.now();
    const res = await t.postEvents(ENV, { events: edge });
    expect(res.body).toEqual({ accepted: 6, duplicates: 0, rejected: [] });
    const rows = await stored(ENV, `event IN ('edge', '$flag_exposure') AND identifier LIKE 'edge-%'`);
    const byId = Object.fromEntries(rows.map((r) => [r.identifier, r]));
    expect(byId['edge-1']).toMatchObject({ value: '12.25', value_number: 12.25 });
    expect(byId['edge-2']).toMatchObject({ value: '1e-05', value_number: 0.00001 });
    expect(byId['edge-3']).toMatchObject({ value: ' 42 ', value_number: 42 });
    expect(byId['edge-4']).toMatchObject({ value: '0x10', value_number: null }); // hex is not a decimal number
    expect(byId['edge-5']).toMatchObject({ value: '7', value_number: null }); // exposure values are variant keys
    expect(Number(byId['edge-3']!.ts)).toBeGreaterThanOrEqual(before); // receive time when absent
    const [nameless] = await stored(ENV, `length(event) = 200`);
    expect(nameless).toMatchObject({ identifier: null, value: null, traits: '{}', metadata: '{}' });
  });

  it('keeps text with tabs, newlines, backslashes, quotes and non-ASCII exactly as sent', async () => {
    const traits = { note: 'tab\there\nnew "line" \\ back\\slash \r', emoji: '🎉 ünïcödé', nested: { a: [1, null, 'x'] } };
    const value = 'a\tb\nc\\d\\N';
    // Names and identifiers refuse control characters (ingestion-hardening.test.ts); values and traits keep them.
    const res = await t.postEvents(ENV, { events: [{ event: 'text "event" \\ ü', identifier: 'text-1 🎉', value, traits, timestamp: NOW }] });
    expect(res.body.accepted).toBe(1);
    const [row] = await stored(ENV, `identifier = 'text-1 🎉'`);
    expect(row).toMatchObject({ event: 'text "event" \\ ü', value });
    expect(JSON.parse(row!.traits)).toEqual(traits);
  });

  it('stores exactly the valid events of a mixed batch', async () => {
    const valid = [
      { event: 'mixed', identifier: 'mixed-1', value: '3', timestamp: NOW },
      { event: 'mixed', identifier: null, value: null, traits: null, metadata: META, timestamp: NOW },
      { event: 'mixed', identifier: 'mixed-2', value: 'x', traits: { plan: 'pro' }, metadata: {}, timestamp: NOW },
    ];
    const res = await t.postEvents(ENV, {
      events: [valid[0], { event: '' }, valid[1], { event: 'mixed', timestamp: 'now' }, { event: 'mixed', value: [] }, valid[2]],
    });
    expect(res.body).toMatchObject({ accepted: 3, duplicates: 0 });
    expect(res.body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 3, 4]);
    const rows = await stored(ENV, `event = 'mixed'`);
    expect(rows.map((r) => [r.identifier, r.value])).toEqual([[null, null], ['mixed-1', '3'], ['mixed-2', 'x']]);
  });
});

describe('idempotency', () => {
  const batch = (tag: string) => ({
    events: Array.from({ length: 50 }, (_, i) => ({
      event: 'idem', feature_name: null, identifier: `${tag}-${i % 10}`, value: String(i % 3), traits: null, metadata: META, timestamp: NOW,
    })),
  });

  it('uses event_id when sent: same id twice is one event, even with other content', async () => {
    const a = { event: 'idem-id', identifier: 'id-1', value: '1', event_id: 'client-id-1', timestamp: NOW };
    expect((await t.postEvents(ENV, { events: [a] })).body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect((await t.postEvents(ENV, { events: [{ ...a, value: '2' }] })).body).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    expect(await stored(ENV, `event = 'idem-id'`)).toHaveLength(1);
  });

  it('stores two concurrent copies of a batch once and reports the second copy as duplicates', async () => {
    const body = batch('conc');
    const answers = await Promise.all([t.postEvents(ENV, body), t.postEvents(ENV, body), t.postEvents(ENV, body)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.reduce((s, a) => s + a.body.accepted, 0)).toBe(50);
    expect(answers.reduce((s, a) => s + a.body.duplicates, 0)).toBe(100);
    expect(await stored(ENV, `identifier LIKE 'conc-%'`)).toHaveLength(50);
  });

  it('gives trackEvents the same ids as /v1/events', async () => {
    const e = { event: 'twin', identifier: 'twin-1', value: '5', timestamp: NOW, traits: { b: 1, a: 2 } };
    expect((await t.postEvents(ENV, { events: [e] })).body.accepted).toBe(1);
    const r = await t.execute(TRACK, { input: { environmentKey: ENV, events: [{ event: 'twin', identifier: 'twin-1', value: '5', timestamp: NOW, traits: { a: 2, b: 1 } }] } });
    expect(r.data?.trackEvents).toEqual({ accepted: 0, duplicates: 1, rejected: [], errors: [] });
  });
});

describe('whole-request answers', () => {
  const ok = { event: 'purchase', identifier: 'req', value: '1', timestamp: NOW };

  it('401 without or with an unknown environment key', async () => {
    expect((await t.postEvents(null, { events: [ok] })).status).toBe(401);
    expect((await t.postEvents('nope-nope', { events: [ok] })).status).toBe(401);
  });

  it('415 unless the content type is JSON; a charset parameter is fine', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx']) {
      expect((await t.postEvents(ENV, { events: [ok] }, { 'content-type': type })).status).toBe(415);
    }
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8']) {
      expect((await t.postEvents(ENV, { events: [] }, { 'content-type': type })).status).toBe(200);
    }
  });

  it('400 for malformed JSON or no events array', async () => {
    for (const body of ['{"events": [', '', 'not json', 'null', '[]', '{"events": {}}', '{"event": "x"}', '"events"']) {
      const res = await t.postEvents(ENV, body);
      expect(res.status, body).toBe(400);
      expect(res.body.error).toMatch(/malformed JSON|"events" array/);
    }
  });

  it('413 over the byte limit (declared or streamed) or the event limit', async () => {
    const big = JSON.stringify({ events: [{ ...ok, metadata: { pad: 'x'.repeat(6 * 1024 * 1024) } }] });
    expect((await t.postEvents(ENV, big)).status).toBe(413);
    // Without a Content-Length the body is counted while read.
    const chunked = await fetch(`${t.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-environment-key': ENV },
      body: new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(big)); c.close(); } }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    const many = { events: Array.from({ length: 10_001 }, () => ({ event: 'x' })) };
    const res = await t.postEvents(ENV, many);
    expect(res.status).toBe(413);
    expect(res.body.error).toMatch(/at most 10000 events/);
  });

  it('405 for other methods', async () => {
    expect((await fetch(`${t.url}/v1/events`, { headers: { 'x-environment-key': ENV } })).status).toBe(405);
  });

  it('trackEvents refuses more events than a batch may hold', async () => {
    const r = await t.execute(TRACK, { input: { environmentKey: ENV, events: Array.from({ length: 10_001 }, () => ({ event: 'x' })) } });
    expect(r.data?.trackEvents.errors).toEqual([{ code: 'VALIDATION', message: 'at most 10000 events per call', field: ['input', 'events'] }]);
  });
});

describe('warehouse outage', () => {
  it('answers 503 + Retry-After, stores nothing, and the SDK-style resend then stores each event once', async () => {
    const body = { events: Array.from({ length: 20 }, (_, i) => ({ event: 'outage', identifier: `o-${i}`, value: '1', traits: null, metadata: META, timestamp: NOW })) };
    await withWarehouseOffline(t, async () => {
      const down = await Promise.all([t.postEvents(ENV, body), t.postEvents(ENV, { events: [{ event: 'outage', identifier: 'other' }] })]);
      for (const res of down) {
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('5');
        expect(JSON.stringify(res.body)).not.toMatch(/events_offline|SELECT|INSERT|Code:/);
      }
      const gql = await t.execute(TRACK, { input: { environmentKey: ENV, events: [{ event: 'outage', identifier: 'gql' }] } });
      expect(gql.data?.trackEvents.errors[0]?.code).toBe('WAREHOUSE_UNAVAILABLE');
    });
    expect(await stored(ENV, `event = 'outage'`)).toHaveLength(0);
    expect((await t.postEvents(ENV, body)).body).toEqual({ accepted: 20, duplicates: 0, rejected: [] });
    expect((await t.postEvents(ENV, body)).body).toEqual({ accepted: 0, duplicates: 20, rejected: [] });
    expect(await stored(ENV, `event = 'outage'`)).toHaveLength(20);
  });
});

describe('/metrics', () => {
  it('exposes accepted, rejected and duplicate events per environment id, insert latency and warehouse errors', async () => {
    const res = await fetch(t.app.metricsUrl!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    const value = (line: string) => Number(new RegExp(`^${line.replace(/[{}$"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);
    const id = async (key: string) => (await t.app.services.environments.findByKey(key))!.id;
    expect(value(`liftgate_ingested_events_total{environment="${await id(SDK_ENV)}",outcome="accepted"}`)).toBe(11);
    expect(value(`liftgate_ingested_events_total{environment="${await id(SDK_ENV)}",outcome="duplicate"}`)).toBe(11);
    expect(value(`liftgate_ingested_events_total{environment="${await id(ENV)}",outcome="rejected"}`)).toBeGreaterThan(20);
    expect(value('liftgate_warehouse_insert_seconds_count')).toBeGreaterThan(5);
    expect(value(`liftgate_warehouse_errors_total{operation="insert"}`)).toBeGreaterThanOrEqual(1);
    expect(value(`liftgate_ingest_requests_total{status="503"}`)).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/^liftgate_ingest_pending_events 0$/m);
  });
});

describe('fuzz', () => {
  /** Mulberry32, seeded: the same bodies on every run. */
  function prng(seed: number) {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let r = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
      return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('never answers a 5xx other than 503 to random, mangled or truncated bodies', async () => {
    const rand = prng(20261121);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const scalars = () => pick<unknown>([null, true, false, 0, -1, 1e308, -1e-308, 3.5, '', 'x', '99.5', '\u0000', '\ud800', 'é'.repeat(50), [], {}, [1, 'a'], { a: { b: [null] } }, NOW, NOW * 10]);
    const fields = ['event', 'feature_name', 'identifier', 'value', 'traits', 'metadata', 'timestamp', 'event_id', '__proto__', 'constructor'];
    const randomEvent = () => {
      const e: Record<string, unknown> = { event: pick(['purchase', '$flag_exposure', '', 'x'.repeat(300)]), timestamp: NOW };
      for (let k = 0; k < 4; k++) e[pick(fields)] = scalars();
      return e;
    };
    const sdkBody = JSON.stringify({ events: Array.from({ length: 30 }, () => randomEvent()) });
    const bodies: string[] = [];
    for (let i = 0; i < 120; i++) bodies.push(sdkBody.slice(0, Math.floor(rand() * sdkBody.length))); // truncated
    for (let i = 0; i < 60; i++) bodies.push(JSON.stringify({ events: Array.from({ length: 1 + Math.floor(rand() * 20) }, () => (rand() < 0.8 ? randomEvent() : scalars())) }));
    for (let i = 0; i < 40; i++) bodies.push(Array.from({ length: Math.floor(rand() * 200) }, () => String.fromCharCode(Math.floor(rand() * 0x3000))).join(''));
    for (let i = 0; i < 20; i++) bodies.push(JSON.stringify(scalars()));
    bodies.push(`{"events":${'['.repeat(5000)}`, `{"events":[${'{"event":"a"},'.repeat(3000)}{"event":"a"}]}`);

    const statuses = new Map<number, number>();
    for (let i = 0; i < bodies.length; i += 8) {
      const answers = await Promise.all(bodies.slice(i, i + 8).map((b) => t.postEvents(ENV, b)));
      for (const [j, a] of answers.entries()) {
        statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
        if (a.status >= 500) expect(a.status, `body ${i + j}: ${bodies[i + j]!.slice(0, 200)}`).toBe(503);
        if (a.status === 200) expect(a.body).toMatchObject({ accepted: expect.any(Number), duplicates: expect.any(Number), rejected: expect.any(Array) });
        else expect(typeof a.body.error).toBe('string');
      }
    }
    expect(statuses.get(200)).toBeGreaterThan(10);
    expect(statuses.get(400)).toBeGreaterThan(10);
  });
});
