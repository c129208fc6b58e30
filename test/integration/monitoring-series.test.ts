/**
 * Metric.series through the real server (PGlite/PostgreSQL + chDB): values per UTC bucket for
 * every EVENT aggregation, filters as in results, densified (count-shaped 0, MEAN null), checked
 * against a computation in this file over the events it sent; one `metrics.series` warehouse
 * query per request whatever the number of series; the bucket bound and a bad range are
 * VALIDATION errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateMetric } from '../fixtures/operations.js';
import { postSdkEvents, sdkEvent, type SdkEvent } from '../fixtures/sdk-events.js';
import { graphql } from '../generated/gql.js';
import type { CreateMetricInput } from '../generated/graphql.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { observeWarehouseQueries } from '../helpers/warehouse.js';

const ENV = 'series';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const D0 = Math.floor(Date.now() / DAY) * DAY - 3 * DAY;

const SERIES = graphql(`
  query MonitoringSeries($id: ID!, $from: DateTime!, $to: DateTime!) {
    node(id: $id) {
      ... on Metric {
        name
        hourly: series(from: $from, to: $to, interval: HOUR) { bucket value anomaly { id } }
        daily: series(from: $from, to: $to, interval: DAY) { bucket value }
      }
    }
  }
`);

const ALL_SERIES = graphql(`
  query MonitoringAllSeries($env: String!, $from: DateTime!, $to: DateTime!) {
    environment(key: $env) {
      metrics(first: 5) { edges { node { name series(from: $from, to: $to, interval: DAY) { value } again: series(from: $from, to: $to, interval: HOUR) { value anomaly { id } } } } }
    }
  }
`);

let t: TestApp;
const ids: Record<string, string> = {};
const events: SdkEvent[] = [];

type Def = { event: string; aggregation: CreateMetricInput['aggregation']; plan?: string };
const METRICS: Record<string, Def> = {
  'Purchases (pro)': { event: 'purchase', aggregation: 'COUNT', plan: 'pro' },
  Revenue: { event: 'purchase', aggregation: 'SUM' },
  Buyers: { event: 'purchase', aggregation: 'OCCURRENCE' },
  'Order value': { event: 'purchase', aggregation: 'MEAN' },
};

/** What a series should read, computed here from the events sent. */
function expected(def: Def, start: number, end: number, step: number): (number | null)[] {
  const out: (number | null)[] = [];
  for (let b = start; b < end; b += step) {
    const inBucket = events.filter(
      (e) => e.event === def.event && e.timestamp >= b && e.timestamp < b + step && (!def.plan || e.traits?.plan === def.plan),
    );
    const numbers = inBucket.map((e) => (e.value === null ? null : Number(e.value))).filter((v): v is number => v !== null && Number.isFinite(v));
    switch (def.aggregation) {
      case 'COUNT':
        out.push(inBucket.length);
        break;
      case 'SUM':
        out.push(numbers.reduce((a, v) => a + v, 0));
        break;
      case 'OCCURRENCE':
        out.push(new Set(inBucket.map((e) => e.identifier).filter((i) => i !== null)).size);
        break;
      case 'MEAN':
        out.push(numbers.length ? numbers.reduce((a, v) => a + v, 0) / numbers.length : null);
        break;
      default:
        throw new Error('not an event aggregation');
    }
  }
  return out;
}

beforeAll(async () => {
  t = await createTestApp();
  await t.createEnvironments(ENV, 'series-other');
  for (const [name, def] of Object.entries(METRICS)) {
    const input: CreateMetricInput = {
      environmentKey: ENV,
      name,
      aggregation: def.aggregation,
      definition: { event: { event: def.event, filters: def.plan ? [{ property: 'traits.plan', operator: 'EQ', values: [def.plan] }] : [] } },
    };
    const r = await t.executeOk(CreateMetric, { input });
    ids[name] = r.createMetric.metric!.id;
  }
  // Day 0 and day 2 have purchases at a few hours; day 1 has none (densified). Some events have
  // no value or no identifier; the same user buys twice in one hour (one buyer).
  for (const [i, hourOffset] of [1, 1, 1, 5, 5, 13, 49, 49, 70].entries()) {
    events.push(
      sdkEvent('purchase', {
        identifier: i === 1 ? 'u0' : i === 7 ? null : `u${i}`,
        value: i === 4 ? null : String(10 + i * 2.5),
        traits: { plan: i % 2 ? 'pro' : 'free' },
        timestamp: D0 + hourOffset * HOUR + i * 1000,
      }),
    );
  }
  // Other events and another environment's purchases never count.
  events.push(sdkEvent('pageview', { identifier: 'u1', timestamp: D0 + HOUR }));
  await postSdkEvents(t, ENV, events);
  await postSdkEvents(t, 'series-other', [sdkEvent('purchase', { identifier: 'x', value: '999', timestamp: D0 + HOUR })]);
});

afterAll(() => t?.stop());

describe('Metric.series', () => {
  it('hourly and daily values of every aggregation match the events, densified', async () => {
    const from = new Date(D0).toISOString();
    const to = new Date(D0 + 3 * DAY).toISOString();
    for (const [name, def] of Object.entries(METRICS)) {
      const data = await t.executeOk(SERIES, { id: ids[name]!, from, to });
      const node = data.node as { hourly: { bucket: string; value: number | null; anomaly: unknown }[]; daily: { bucket: string; value: number | null }[] };
      expect(node.hourly).toHaveLength(72);
      expect(node.hourly.map((p) => p.bucket)).toEqual(Array.from({ length: 72 }, (_, i) => new Date(D0 + i * HOUR).toISOString()));
      expect(node.hourly.map((p) => p.value), `${name} hourly`).toEqual(expected(def, D0, D0 + 3 * DAY, HOUR).map((v) => (v === null ? null : expect.closeTo(v, 9))));
      expect(node.daily.map((p) => p.value), `${name} daily`).toEqual(expected(def, D0, D0 + 3 * DAY, DAY).map((v) => (v === null ? null : expect.closeTo(v, 9))));
      expect(node.hourly.every((p) => p.anomaly === null)).toBe(true);
    }
    // Spot checks of the rules themselves, independent of the helper above.
    const buyers = (await t.executeOk(SERIES, { id: ids.Buyers!, from, to })).node as { hourly: { value: number }[]; daily: { value: number }[] };
    expect(buyers.hourly[1]!.value).toBe(2); // u0 twice and u2: two distinct subjects
    expect(buyers.daily[1]!.value).toBe(0); // a day without events reads 0
    const mean = (await t.executeOk(SERIES, { id: ids['Order value']!, from, to })).node as { daily: { value: number | null }[] };
    expect(mean.daily[1]!.value).toBeNull(); // …and a mean has no value there
  });

  it('widens [from, to) to whole buckets', async () => {
    const data = await t.executeOk(SERIES, { id: ids.Revenue!, from: new Date(D0 + HOUR + 60_000).toISOString(), to: new Date(D0 + 5 * HOUR + 1).toISOString() });
    const node = data.node as { hourly: { bucket: string }[]; daily: { bucket: string }[] };
    expect(node.hourly[0]!.bucket).toBe(new Date(D0 + HOUR).toISOString());
    expect(node.hourly).toHaveLength(5);
    expect(node.daily).toEqual([{ bucket: new Date(D0).toISOString(), value: expect.any(Number) }]);
  });

  it('one warehouse query for every series of a request', async () => {
    const log = observeWarehouseQueries(t);
    try {
      const data = await t.executeOk(ALL_SERIES, { env: ENV, from: new Date(D0).toISOString(), to: new Date(D0 + 2 * DAY).toISOString() });
      expect(data.environment!.metrics.edges).toHaveLength(4);
      expect(log.count('metrics.series')).toBe(1);
    } finally {
      log.stop();
    }
  });

  it('a range past the bucket bound, or empty, is a VALIDATION error', async () => {
    const tooLong = await t.execute(SERIES, { id: ids.Revenue!, from: new Date(D0 - 100 * DAY).toISOString(), to: new Date(D0).toISOString() });
    expect(tooLong.errors?.[0]).toMatchObject({ extensions: { code: 'VALIDATION' } });
    expect(tooLong.errors?.[0]?.message).toMatch(/at most 2000 buckets/);
    const empty = await t.execute(SERIES, { id: ids.Revenue!, from: new Date(D0).toISOString(), to: new Date(D0).toISOString() });
    expect(empty.errors?.[0]).toMatchObject({ extensions: { code: 'VALIDATION' }, message: '`from` must be before `to`' });
  });
});
