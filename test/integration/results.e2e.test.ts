/**
 * End to end over HTTP only: set up an experiment through GraphQL, post SDK-shaped events to
 * /v1/events, and check `results` against an independent computation over the same events
 * (first exposure per identifier, multiple-exposure exclusion, events from first exposure on,
 * zeros for subjects without events; Welch statistics recomputed here from the raw values).
 */
import tdist from '@stdlib/stats-base-dists-t';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exposureEvent, postSdkEvents, sdkEvent, type SdkEvent } from '../fixtures/sdk-events.js';
import { seed } from '../fixtures/seed.js';
import { graphql } from '../generated/gql.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
const ENV = 'e2e';
const VARIANTS = ['CONTROL', 'TREAT-A', 'TREAT-B'] as const;
const SPLITS = [0.5, 0.25, 0.25];
const T0 = Date.now() - 3_600_000;

/** Mulberry32: a small seeded PRNG so the data set is the same on every run. */
function prng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let r = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

function generateEvents(): SdkEvent[] {
  const rand = prng(42);
  const events: SdkEvent[] = [];
  const exposure = (id: string, variant: string, ts: number) => exposureEvent('checkout', id, variant, ts);
  const purchase = (id: string | null, value: string | null, ts: number) => sdkEvent('purchase', { identifier: id, value, traits: { plan: 'pro' }, timestamp: ts });
  for (let i = 0; i < 900; i++) {
    const id = `user_${i}`;
    const u = rand();
    const variant = u < 0.5 ? 'CONTROL' : u < 0.75 ? 'TREAT-A' : 'TREAT-B';
    const exposedAt = T0 + Math.floor(rand() * 600_000);
    // Exposure values arrive in the SDK's own case sometimes: keys compare case-insensitively.
    events.push(exposure(id, i % 7 === 0 ? variant.toLowerCase() : variant, exposedAt));
    if (rand() < 0.1) events.push(exposure(id, variant, exposedAt + 5_000)); // re-exposure, same variant
    if (i % 50 === 0) events.push(exposure(id, variant === 'CONTROL' ? 'TREAT-A' : 'CONTROL', exposedAt + 9_000)); // crossover
    if (rand() < 0.15) events.push(purchase(id, '10', exposedAt - 60_000)); // before exposure: never counts
    const rate = variant === 'CONTROL' ? 0.2 : variant === 'TREAT-A' ? 0.3 : 0.22;
    if (rand() < rate) {
      const k = 1 + Math.floor(rand() * 3);
      for (let j = 0; j < k; j++) {
        const value = (20 + rand() * 80).toFixed(2);
        events.push(purchase(id, value, exposedAt + (j === 0 ? 0 : 1_000 * (j + 1)))); // j=0: exactly at exposure
      }
    }
    if (rand() < 0.05) events.push(purchase(id, 'not-a-number', exposedAt + 2_000)); // counts as an event, no value
  }
  events.push(purchase(null, '99', T0)); // no identifier: never in results
  events.push(exposure('user_other', 'CONTROL', T0)); // fine, but…
  events[events.length - 1]!.feature_name = 'other_feature'; // …another feature: ignored
  events.push(exposure('user_unknown_variant', 'NOPE', T0)); // not a variant: ignored
  return events;
}

/** Independent reference: per-variant per-subject values for the three metrics. */
function reference(events: SdkEvent[]) {
  const exposures = new Map<string, { first: number; variant: string; variants: Set<string> }>();
  for (const e of events) {
    if (e.event !== '$flag_exposure' || e.feature_name !== 'checkout' || !e.identifier) continue;
    const v = (e.value ?? '').toUpperCase();
    if (!(VARIANTS as readonly string[]).includes(v)) continue;
    const cur = exposures.get(e.identifier);
    if (!cur) exposures.set(e.identifier, { first: e.timestamp, variant: v, variants: new Set([v]) });
    else {
      cur.variants.add(v);
      if (e.timestamp < cur.first) Object.assign(cur, { first: e.timestamp, variant: v });
    }
  }
  const clean = [...exposures].filter(([, x]) => x.variants.size === 1);
  const multiple = exposures.size - clean.length;
  const per = new Map(clean.map(([id, x]) => [id, { ...x, count: 0, sum: 0, valued: 0 }]));
  for (const e of events) {
    if (e.event !== 'purchase' || !e.identifier) continue;
    const s = per.get(e.identifier);
    if (!s || e.timestamp < s.first) continue;
    s.count += 1;
    const n = Number(e.value);
    if (e.value !== null && e.value.trim() !== '' && Number.isFinite(n)) {
      s.sum += n;
      s.valued += 1;
    }
  }
  const values = (metric: 'conversion' | 'revenue' | 'aov', variant: string) =>
    [...per.values()]
      .filter((s) => s.variant === variant)
      .filter((s) => metric !== 'aov' || s.valued > 0)
      .map((s) => (metric === 'conversion' ? (s.count > 0 ? 1 : 0) : metric === 'revenue' ? s.sum : s.sum / s.valued));
  return { multiple, values, subjects: (v: string) => clean.filter(([, x]) => x.variant === v).length };
}

const stats = (xs: number[]) => {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { n, mean, variance, sum: xs.reduce((a, b) => a + b, 0) };
};

function welchReference(tr: number[], co: number[], alpha: number) {
  const a = stats(tr);
  const b = stats(co);
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const se = Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const d = a.mean - b.mean;
  const p = 2 * (1 - tdist.cdf(Math.abs(d / se), df));
  const crit = tdist.quantile(1 - alpha / 2, df);
  const rel = d / b.mean;
  const relSe = Math.sqrt(a.variance / (a.n * b.mean ** 2) + (a.mean ** 2 * b.variance) / (b.n * b.mean ** 4));
  return { d, lo: d - crit * se, hi: d + crit * se, p, rel, relLo: rel - crit * relSe, relHi: rel + crit * relSe };
}

const RESULTS = graphql(`query E2eResults($env: String!, $key: String!, $alpha: Float) {
  experiment(environmentKey: $env, key: $key) {
    results(alpha: $alpha) {
      alpha frozen multipleExposures computedAt
      exposures { variant { key } subjects expectedShare observedShare }
      sampleRatioMismatch { chiSquare pValue mismatch }
      metrics {
        metric { name } role verdict
        variants { variant { key } n mean variance sum }
        comparisons { variant { key } pValue significant verdict
          absoluteLift { estimate ciLower ciUpper } relativeLift { estimate ciLower ciUpper } }
      }
    }
  }
}`);

const RESULTS_AND_METRIC_RESULTS = graphql(`query E2eMetricResults($env: String!, $key: String!) {
  experiment(environmentKey: $env, key: $key) {
    results { metrics { metric { name } verdict variants { n mean } } }
    metrics { role metric { name } result { metric { name } verdict variants { n mean } } }
  }
}`);

let events: SdkEvent[];

beforeAll(async () => {
  t = await createTestApp();
  const seeded = await seed(t)
    .environment(ENV, 'E2E')
    .metric('Conversion', { aggregation: 'OCCURRENCE', event: 'purchase' }, { role: 'PRIMARY' })
    .metric('Revenue', { aggregation: 'SUM', event: 'purchase' }, { role: 'SECONDARY' })
    .metric('Order value', { aggregation: 'MEAN', event: 'purchase' }, { role: 'SECONDARY' })
    .experiment({
      key: 'checkout-test', name: 'Checkout test', featureName: 'checkout',
      variants: VARIANTS.map((key, i) => ({ key: key.toLowerCase(), name: key, isControl: i === 0 })),
      allocations: VARIANTS.map((variantKey, i) => ({ variantKey, split: SPLITS[i]! })),
    })
    .start();
  expect(seeded.experiment.status).toBe('ACTIVE');

  events = generateEvents();
  await postSdkEvents(t, ENV, events, 500);
});

afterAll(async () => {
  await t?.stop();
});

describe('experiment results over HTTP', () => {
  it('match an independent computation over the same events', async () => {
    const ref = reference(events);
    const r = await t.execute(RESULTS, { env: ENV, key: 'checkout-test', alpha: 0.05 });
    expect(r.errors).toBeUndefined();
    const results = r.data!.experiment!.results!;
    expect(results.frozen).toBe(false);
    expect(results.multipleExposures).toBe(ref.multiple);
    expect(ref.multiple).toBeGreaterThan(0);
    const total = VARIANTS.reduce((s, v) => s + ref.subjects(v), 0);
    expect(results.exposures).toEqual(
      VARIANTS.map((v, i) => ({
        variant: { key: v }, subjects: ref.subjects(v), expectedShare: SPLITS[i], observedShare: expect.closeTo(ref.subjects(v) / total, 12),
      })),
    );

    const byName = Object.fromEntries(results.metrics.map((m) => [m.metric.name, m]));
    for (const [name, metric] of [['Conversion', 'conversion'], ['Revenue', 'revenue'], ['Order value', 'aov']] as const) {
      const m = byName[name]!;
      for (const v of VARIANTS) {
        const want = stats(ref.values(metric, v));
        const got = m.variants.find((x) => x.variant.key === v)!;
        expect(got.n, `${name} ${v} n`).toBe(want.n);
        expect(got.mean, `${name} ${v} mean`).toBeCloseTo(want.mean, 9);
        expect(got.variance, `${name} ${v} variance`).toBeCloseTo(want.variance, 6);
        expect(got.sum, `${name} ${v} sum`).toBeCloseTo(want.sum, 6);
      }
      for (const v of VARIANTS.slice(1)) {
        const want = welchReference(ref.values(metric, v), ref.values(metric, 'CONTROL'), 0.05);
        const got = m.comparisons.find((c) => c.variant.key === v)!;
        expect(got.absoluteLift.estimate).toBeCloseTo(want.d, 9);
        expect(got.absoluteLift.ciLower).toBeCloseTo(want.lo, 6);
        expect(got.absoluteLift.ciUpper).toBeCloseTo(want.hi, 6);
        expect(got.relativeLift?.estimate).toBeCloseTo(want.rel, 9);
        expect(got.relativeLift?.ciLower).toBeCloseTo(want.relLo, 6);
        expect(got.relativeLift?.ciUpper).toBeCloseTo(want.relHi, 6);
        expect(got.pValue).toBeCloseTo(want.p, 6);
        expect(got.significant).toBe(want.p < 0.05);
      }
    }
    // TREAT-A converts 30 % vs 20 %: a significant win on a HIGHER_IS_BETTER metric.
    const a = byName.Conversion!.comparisons.find((c) => c.variant.key === 'TREAT-A')!;
    expect(a.significant).toBe(true);
    expect(a.verdict).toBe('WIN');
  });

  it('counts a resent batch once', async () => {
    const before = (await t.executeOk(RESULTS, { env: ENV, key: 'CHECKOUT-TEST' })).experiment!.results!;
    const batch = events.slice(0, 500);
    const res = await t.postEvents(ENV, { events: batch });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accepted: 0, duplicates: 500, rejected: [] });
    const after = (await t.executeOk(RESULTS, { env: ENV, key: 'CHECKOUT-TEST' })).experiment!.results!;
    expect(after).toEqual({ ...before, computedAt: after.computedAt });
  });

  it('serves ExperimentMetric.result consistently with results', async () => {
    const r = await t.execute(RESULTS_AND_METRIC_RESULTS, { env: ENV, key: 'CHECKOUT-TEST' });
    expect(r.errors).toBeUndefined();
    const { results, metrics } = r.data!.experiment!;
    expect(metrics.map((m) => m.result)).toEqual(results!.metrics);
    expect(metrics.map((m) => m.role)).toEqual(['PRIMARY', 'SECONDARY', 'SECONDARY']);
  });

  it('applies alpha to the confidence intervals and significance', async () => {
    const r = await t.execute(RESULTS, { env: ENV, key: 'CHECKOUT-TEST', alpha: 0.001 });
    const m = r.data!.experiment!.results!.metrics.find((x) => x.metric.name === 'Revenue')!;
    const want = welchReference(reference(events).values('revenue', 'TREAT-B'), reference(events).values('revenue', 'CONTROL'), 0.001);
    const got = m.comparisons.find((c) => c.variant.key === 'TREAT-B')!;
    expect(got.absoluteLift.ciLower).toBeCloseTo(want.lo, 6);
    expect(got.significant).toBe(want.p < 0.001);
    expect(r.data!.experiment!.results!.alpha).toBe(0.001);
  });
});
