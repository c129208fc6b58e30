/**
 * Metric definitions change Experiment.results, end to end over HTTP: SDK-shaped events are
 * posted to /v1/events and each metric's per-variant n / sum / mean / variance is compared with
 * an independent computation written here (plain JavaScript over the same events):
 * - every FilterOperator on traits.* and metadata.* changes which events count (each filtered
 *   metric differs from the unfiltered one, GT from GTE, LT from LTE, EQ from IN, NEQ from NOT_IN);
 * - the window is inclusive at both ends: an event exactly at first exposure counts and 1 ms
 *   before does not; an event exactly at first exposure + windowHours counts and 1 ms later does
 *   not (each boundary event changes the result);
 * - MEAN excludes subjects without events, COUNT / SUM / OCCURRENCE count them as zeros;
 * - a filter value with a quote is matched literally (values are bound, not spliced);
 * and verdicts: a LOWER_IS_BETTER metric that drops significantly is a WIN, a guardrail that
 * moves the bad way is a GUARDRAIL_BREACH, and a NO_CHANGE guardrail breaches on any move.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateMetric } from '../fixtures/operations.js';
import { exposureEvent, postSdkEvents, SDK_METADATA, sdkEvent, type Json, type SdkEvent } from '../fixtures/sdk-events.js';
import { seed, type SeedAttachment } from '../fixtures/seed.js';
import { graphql } from '../generated/gql.js';
import type { CreateMetricInput, FilterOperator } from '../generated/graphql.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
const ENV = 'metric-results';
const HOUR = 3_600_000;
const T0 = Date.now() - 6 * HOUR;
interface Filter { property: string; operator: FilterOperator; values: string[] }
interface MetricSpec { name: string; aggregation: 'COUNT' | 'SUM' | 'MEAN' | 'OCCURRENCE'; filters?: Filter[]; windowHours?: number }

const f = (property: string, operator: FilterOperator, ...values: string[]): Filter => ({ property, operator, values });
const METRICS: MetricSpec[] = [
  { name: 'all', aggregation: 'COUNT' },
  { name: 'eq', aggregation: 'COUNT', filters: [f('traits.plan', 'EQ', 'pro')] },
  { name: 'neq', aggregation: 'COUNT', filters: [f('traits.plan', 'NEQ', 'pro')] },
  { name: 'in', aggregation: 'COUNT', filters: [f('traits.plan', 'IN', 'pro', 'team')] },
  { name: 'not_in', aggregation: 'COUNT', filters: [f('traits.plan', 'NOT_IN', 'pro', 'team')] },
  { name: 'gt', aggregation: 'COUNT', filters: [f('metadata.amount', 'GT', '100')] },
  { name: 'gte', aggregation: 'COUNT', filters: [f('metadata.amount', 'GTE', '100')] },
  { name: 'lt', aggregation: 'COUNT', filters: [f('metadata.amount', 'LT', '100')] },
  { name: 'lte', aggregation: 'COUNT', filters: [f('metadata.amount', 'LTE', '100')] },
  { name: 'contains', aggregation: 'COUNT', filters: [f('metadata.source', 'CONTAINS', 'mail')] },
  { name: 'exists', aggregation: 'COUNT', filters: [f('traits.coupon', 'EXISTS')] },
  { name: 'quoted', aggregation: 'COUNT', filters: [f('traits.plan', 'EQ', "o'reilly")] },
  { name: 'and', aggregation: 'SUM', filters: [f('traits.plan', 'IN', 'pro', 'team'), f('metadata.amount', 'GTE', '100')] },
  { name: 'window count', aggregation: 'COUNT', windowHours: 1 },
  { name: 'window sum', aggregation: 'SUM', windowHours: 1 },
  { name: 'sum', aggregation: 'SUM' },
  { name: 'mean', aggregation: 'MEAN' },
  { name: 'occurrence', aggregation: 'OCCURRENCE' },
];

const PLANS: (string | undefined)[] = ['pro', 'team', 'free', undefined, "o'reilly", 'PRO'];
const AMOUNTS: unknown[] = [50, 100, '100', 150, 'abc', undefined, 99.5, null];
const SOURCES: (string | undefined)[] = ['newsletter-mail', 'mailbox', 'web', undefined, 'Mail'];
const VALUES: (string | null)[] = ['2', '3.5', null, 'n/a', '10'];

const exposure = (id: string, variant: string, ts: number): SdkEvent => exposureEvent('filters', id, variant, ts);

function purchase(id: string, k: number, ts: number): SdkEvent {
  const plan = PLANS[k % PLANS.length];
  const amount = AMOUNTS[(k * 3) % AMOUNTS.length];
  const source = SOURCES[(k * 7) % SOURCES.length];
  const traits: Json = {};
  if (plan !== undefined) traits.plan = plan;
  if (k % 4 === 1) traits.coupon = k % 8 === 1 ? null : 'WELCOME';
  const metadata: Json = { ...SDK_METADATA };
  if (amount !== undefined) metadata.amount = amount;
  if (source !== undefined) metadata.source = source;
  return sdkEvent('purchase', { identifier: id, value: VALUES[k % VALUES.length]!, traits: k % 9 === 4 ? null : traits, metadata, timestamp: ts });
}

/** Subjects per variant: the last of each has no purchase at all (MEAN vs zeros). */
const SUBJECTS = { CONTROL: ['c0', 'c1', 'c2', 'c3', 'c4', 'c5'], TREATMENT: ['t0', 't1', 't2', 't3', 't4', 't5'] } as const;

function buildEvents(): SdkEvent[] {
  const events: SdkEvent[] = [];
  let k = 0;
  for (const [variant, ids] of Object.entries(SUBJECTS)) {
    ids.forEach((id, i) => {
      const first = T0 + i * 10_000 + (variant === 'TREATMENT' ? 5_000 : 0);
      events.push(exposure(id, variant, first), exposure(id, variant, first + 30 * 60_000)); // re-exposure: first one counts
      if (i === ids.length - 1) return; // no purchases
      for (let j = 0; j < 5 + i; j++) events.push(purchase(id, k++, first + (j + 1) * 60_000 + i * 7_000));
      // Window boundaries, on every subject with purchases.
      events.push({ ...purchase(id, k++, first), value: '1' }); // exactly at first exposure: counts
      events.push({ ...purchase(id, k++, first - 1), value: '100' }); // 1 ms before: never counts
      events.push({ ...purchase(id, k++, first + HOUR), value: '7' }); // exactly first + 1 h: counts in a 1 h window
      events.push({ ...purchase(id, k++, first + HOUR + 1), value: '1000' }); // 1 ms later: only without a window
      if (i % 2 === 0) events.push(purchase(id, k++, first + 3 * HOUR)); // long after: only without a window
    });
  }
  return events;
}

// ---------------------------------------------------------------- independent reference

function lookup(e: SdkEvent, property: string): { has: boolean; text: string } {
  const [source, ...rest] = property.split('.');
  const key = rest.join('.');
  const obj = (source === 'traits' ? e.traits : e.metadata) ?? {};
  if (!Object.prototype.hasOwnProperty.call(obj, key)) return { has: false, text: '' };
  const v = obj[key];
  return { has: true, text: typeof v === 'string' ? v : JSON.stringify(v) };
}

function matches(e: SdkEvent, filter: Filter): boolean {
  const { has, text } = lookup(e, filter.property);
  const num = has && text.trim() !== '' ? Number(text) : Number.NaN;
  const bound = Number(filter.values[0]);
  switch (filter.operator) {
    case 'EQ': return has && text === filter.values[0];
    case 'NEQ': return !(has && text === filter.values[0]);
    case 'IN': return has && filter.values.includes(text);
    case 'NOT_IN': return !(has && filter.values.includes(text));
    case 'CONTAINS': return has && text.includes(filter.values[0]!);
    case 'EXISTS': return has;
    case 'GT': return num > bound;
    case 'GTE': return num >= bound;
    case 'LT': return num < bound;
    case 'LTE': return num <= bound;
    default: throw new Error(filter.operator);
  }
}

/** Per-variant subject values of a metric; `inclusive` toggles each window end (for counter-checks). */
function reference(events: SdkEvent[], m: MetricSpec, inclusive = { start: true, end: true }) {
  const first = new Map<string, { at: number; variant: string }>();
  for (const e of events) {
    if (e.event !== '$flag_exposure' || !e.identifier) continue;
    const cur = first.get(e.identifier);
    if (!cur || e.timestamp < cur.at) first.set(e.identifier, { at: e.timestamp, variant: e.value! });
  }
  const per = new Map([...first.keys()].map((id) => [id, { count: 0, sum: 0, valued: 0 }]));
  for (const e of events) {
    if (e.event !== 'purchase' || !e.identifier) continue;
    const exp = first.get(e.identifier)!;
    const afterStart = inclusive.start ? e.timestamp >= exp.at : e.timestamp > exp.at;
    const end = exp.at + (m.windowHours ?? Infinity) * HOUR;
    const beforeEnd = m.windowHours == null || (inclusive.end ? e.timestamp <= end : e.timestamp < end);
    if (!afterStart || !beforeEnd || !(m.filters ?? []).every((flt) => matches(e, flt))) continue;
    const s = per.get(e.identifier)!;
    s.count += 1;
    const n = e.value === null || e.value.trim() === '' ? Number.NaN : Number(e.value);
    if (Number.isFinite(n)) {
      s.sum += n;
      s.valued += 1;
    }
  }
  return (variant: string) =>
    [...per].filter(([id]) => first.get(id)!.variant === variant).flatMap(([, s]) => {
      switch (m.aggregation) {
        case 'COUNT': return [s.count];
        case 'SUM': return [s.sum];
        case 'OCCURRENCE': return [s.count > 0 ? 1 : 0];
        case 'MEAN': return s.valued > 0 ? [s.sum / s.valued] : [];
      }
    });
}

function summary(xs: number[]) {
  const n = xs.length;
  const sum = xs.reduce((a, b) => a + b, 0);
  const mean = n ? sum / n : 0;
  const variance = n > 1 ? xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
  return { n, sum, mean, variance };
}

// ---------------------------------------------------------------- setup

/** Creates, attaches and starts experiment `key` on flag `featureName` (variants CONTROL, TREATMENT). */
async function setUpExperiment(key: string, featureName: string, metrics: ({ id: string } & SeedAttachment)[]) {
  const experiment = seed(t).in(ENV);
  for (const { id, ...attach } of metrics) experiment.attach(id, attach);
  await experiment
    .experiment({
      key, featureName,
      variants: [{ key: 'control', name: 'Control', isControl: true }, { key: 'treatment', name: 'Treatment' }],
      allocations: [{ variantKey: 'CONTROL', split: 0.5 }, { variantKey: 'TREATMENT', split: 0.5 }],
    })
    .start();
}

async function createMetric(input: Omit<CreateMetricInput, 'environmentKey'>): Promise<string> {
  const r = await t.executeOk(CreateMetric, { input: { environmentKey: ENV, ...input } });
  expect(r.createMetric.errors).toEqual([]);
  return r.createMetric.metric!.id;
}

const post = (events: SdkEvent[]) => postSdkEvents(t, ENV, events, 1000);

const RESULTS = graphql(`query MetricResults($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { results {
  metrics { metric { name } role verdict variants { variant { key } n mean variance sum }
    comparisons { variant { key } significant verdict absoluteLift { estimate } } } } } }`);

const METRIC_VERDICTS = graphql(`query MetricResultVerdicts($env: String!, $key: String!) {
  experiment(environmentKey: $env, key: $key) { metrics { metric { name } result { verdict } } }
}`);

type Served = Awaited<ReturnType<typeof results>>;

async function results(key: string) {
  const r = await t.execute(RESULTS, { env: ENV, key });
  expect(r.errors).toBeUndefined();
  return new Map(r.data!.experiment!.results!.metrics.map((m) => [m.metric.name, m]));
}

/** The served metric `name` (it must be there). */
const metricOf = (served: Served, name: string) => served.get(name)!;

let events: SdkEvent[];

beforeAll(async () => {
  t = await createTestApp();
  await t.createEnvironments(ENV);
  const ids: string[] = [];
  for (const m of METRICS) {
    ids.push(await createMetric({ name: m.name, aggregation: m.aggregation, windowHours: m.windowHours ?? null, definition: { event: { event: 'purchase', filters: m.filters ?? [] } } }));
  }
  await setUpExperiment('filters', 'filters', ids.map((id) => ({ id })));
  events = buildEvents();
  await post(events);
});

afterAll(async () => {
  await t?.stop();
});

describe('metric definitions in results', () => {
  it('serve, for every metric, what the independent computation gives', async () => {
    const served = await results('FILTERS');
    for (const m of METRICS) {
      const ref = reference(events, m);
      for (const variant of ['CONTROL', 'TREATMENT']) {
        const want = summary(ref(variant));
        const got = metricOf(served, m.name).variants.find((v) => v.variant.key === variant)!;
        expect(got.n, `${m.name} ${variant} n`).toBe(want.n);
        expect(got.sum, `${m.name} ${variant} sum`).toBeCloseTo(want.sum, 9);
        expect(got.mean, `${m.name} ${variant} mean`).toBeCloseTo(want.mean, 9);
        expect(got.variance, `${m.name} ${variant} variance`).toBeCloseTo(want.variance, 9);
      }
    }
  });

  it('has data in which every filter operator changes the result', () => {
    const sums = (name: string) => {
      const ref = reference(events, METRICS.find((m) => m.name === name)!);
      return ['CONTROL', 'TREATMENT'].map((v) => summary(ref(v)).sum);
    };
    for (const name of ['eq', 'neq', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'contains', 'exists', 'quoted']) {
      expect(sums(name), `${name} vs unfiltered`).not.toEqual(sums('all'));
      expect(sums(name).some((s) => s > 0), `${name} matches something`).toBe(true);
    }
    for (const [a, b] of [['gt', 'gte'], ['lt', 'lte'], ['eq', 'in'], ['neq', 'not_in'], ['eq', 'quoted']]) {
      expect(sums(a!), `${a} vs ${b}`).not.toEqual(sums(b!));
    }
  });

  it('counts events at both window ends and not 1 ms outside', async () => {
    const served = await results('FILTERS');
    for (const name of ['window count', 'window sum', 'all', 'sum']) {
      const m = METRICS.find((x) => x.name === name)!;
      const got = metricOf(served, name).variants.map((v) => v.sum);
      const exact = ['CONTROL', 'TREATMENT'].map((v) => summary(reference(events, m)(v)).sum);
      expect(got[0]).toBeCloseTo(exact[0]!, 9);
      // An exclusive start (or end) would give another figure: the boundary events matter.
      const exclusiveStart = ['CONTROL', 'TREATMENT'].map((v) => summary(reference(events, m, { start: false, end: true })(v)).sum);
      expect(got).not.toEqual(exclusiveStart);
      if (m.windowHours) {
        const exclusiveEnd = ['CONTROL', 'TREATMENT'].map((v) => summary(reference(events, m, { start: true, end: false })(v)).sum);
        expect(got).not.toEqual(exclusiveEnd);
      }
    }
    // The window drops the +1 h + 1 ms and +3 h events; the event 1 ms before exposure never counts.
    const all = metricOf(served, 'all').variants[0]!;
    const windowed = metricOf(served, 'window count').variants[0]!;
    expect(windowed.sum).toBeLessThan(all.sum);
  });

  it('excludes subjects without events from MEAN only', async () => {
    const served = await results('FILTERS');
    const n = (name: string) => metricOf(served, name).variants.map((v) => v.n);
    for (const name of ['all', 'sum', 'occurrence']) expect(n(name)).toEqual([6, 6]);
    expect(n('mean')).toEqual([5, 5]);
    expect(metricOf(served, 'occurrence').variants.map((v) => v.sum)).toEqual([5, 5]);
  });
});

describe('verdicts end to end', () => {
  it('judge a LOWER_IS_BETTER drop a WIN and a guardrail moving the bad way a GUARDRAIL_BREACH', async () => {
    const errors = await createMetric({ name: 'Errors', aggregation: 'COUNT', polarity: 'LOWER_IS_BETTER', definition: { event: { event: 'error' } } });
    const errorsHold = await createMetric({ name: 'Errors must hold', aggregation: 'COUNT', polarity: 'LOWER_IS_BETTER', definition: { event: { event: 'error' } } });
    const purchases = await createMetric({ name: 'Purchases', aggregation: 'COUNT', definition: { event: { event: 'buy' } } });
    const flat = await createMetric({ name: 'Flat', aggregation: 'OCCURRENCE', definition: { event: { event: 'visit' } } });
    await setUpExperiment('verdicts', 'verdicts', [
      { id: errors, role: 'PRIMARY', expectedDirection: 'DECREASE' },
      { id: errorsHold, role: 'GUARDRAIL', expectedDirection: 'NO_CHANGE' },
      { id: purchases, role: 'GUARDRAIL', expectedDirection: 'INCREASE' },
      { id: flat, role: 'SECONDARY' },
    ]);
    const batch: SdkEvent[] = [];
    const ev = (event: string, id: string, ts: number): SdkEvent => sdkEvent(event, { identifier: id, timestamp: ts });
    for (let i = 0; i < 60; i++) {
      for (const variant of ['CONTROL', 'TREATMENT']) {
        const id = `${variant}-${i}`;
        const at = T0 + i * 1000;
        batch.push({ ...exposure(id, variant, at), feature_name: 'verdicts' }, ev('visit', id, at + 1));
        // Control: 2–3 errors and 2–3 purchases per subject; treatment: 0–1 of each.
        const k = variant === 'CONTROL' ? 2 + (i % 2) : i % 2;
        for (let j = 0; j < k; j++) batch.push(ev('error', id, at + 10 + j), ev('buy', id, at + 20 + j));
      }
    }
    await post(batch);
    const served = await results('VERDICTS');
    const verdicts = (name: string) => {
      const m = metricOf(served, name);
      expect(m.comparisons[0]!.significant, `${name} significant`).toBe(name !== 'Flat');
      return [m.comparisons[0]!.verdict, m.verdict, Math.sign(m.comparisons[0]!.absoluteLift.estimate)];
    };
    expect(verdicts('Errors')).toEqual(['WIN', 'WIN', -1]);
    expect(verdicts('Errors must hold')).toEqual(['GUARDRAIL_BREACH', 'GUARDRAIL_BREACH', -1]);
    expect(verdicts('Purchases')).toEqual(['GUARDRAIL_BREACH', 'GUARDRAIL_BREACH', -1]);
    expect(verdicts('Flat')).toEqual(['INCONCLUSIVE', 'INCONCLUSIVE', 0]);
    // The same verdicts through ExperimentMetric.result.
    const r = await t.execute(METRIC_VERDICTS, { env: ENV, key: 'VERDICTS' });
    expect(r.data!.experiment!.metrics.map((m) => [m.metric.name, m.result!.verdict])).toEqual([
      ['Errors', 'WIN'], ['Errors must hold', 'GUARDRAIL_BREACH'], ['Purchases', 'GUARDRAIL_BREACH'], ['Flat', 'INCONCLUSIVE'],
    ]);
  });
});
