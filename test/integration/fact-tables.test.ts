/**
 * Fact tables and FACT metrics through GraphQL on the real stores (PGlite + chDB), issue 11:
 * - introspection: preview columns (engine type + bucket) and rows; the timestamp column must be a
 *   TIMESTAMP, identifier columns must exist, row filters must be boolean expressions;
 * - rules: names unique (CONFLICT), a fact table used by a metric cannot be deleted (CONFLICT),
 *   a changed SQL re-validates the metrics built on it, a FACT metric attached to a live
 *   experiment cannot be deleted (CONFLICT);
 * - isolation: `events` in fact-table SQL is the environment's own events;
 * - results: every aggregation (COUNT, SUM with a row filter, MEAN with a window, COUNT_DISTINCT,
 *   OCCURRENCE, RATIO across two fact tables) against a computation over the loaded rows done
 *   here, in one warehouse query per experiment; frozen snapshots keep them;
 * - limits: each sandbox limit gives WAREHOUSE_LIMIT naming it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateMetric, EndExperiment, ExperimentVersion } from '../fixtures/operations.js';
import { exposureEvent, postSdkEvents, sdkEvent, type SdkEvent } from '../fixtures/sdk-events.js';
import { CreateFactTable, DeleteFactTable, loadRows, PreviewFactTable, sqlTime, UpdateFactTable } from '../fixtures/fact-tables.js';
import { seed } from '../fixtures/seed.js';
import { graphql } from '../generated/gql.js';
import type { CreateFactTableInput, CreateMetricInput, FactOperandInput } from '../generated/graphql.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
const ENV = 'facts';
const OTHER = 'facts-other';
const LIMITED = 'facts-limited';
const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-30T00:00:00.000Z');

interface Order { user_id: string | null; amount: number | null; status: string; sku: string; ts: number }
interface Session { user_id: string; ts: number; pages: number }

const SUBJECTS = { CONTROL: Array.from({ length: 8 }, (_, i) => `c${i}`), TREATMENT: Array.from({ length: 8 }, (_, i) => `t${i}`) };
const first = new Map<string, { at: number; variant: string }>();
const orders: Order[] = [];
const sessions: Session[] = [];

function buildData(): SdkEvent[] {
  const events: SdkEvent[] = [];
  let k = 0;
  for (const [variant, ids] of Object.entries(SUBJECTS)) {
    ids.forEach((id, i) => {
      const at = T0 + i * 10_000 + (variant === 'TREATMENT' ? 5_000 : 0);
      first.set(id, { at, variant });
      events.push(exposureEvent('checkout', id, variant, at), exposureEvent('checkout', id, variant, at + 60_000));
      if (i === ids.length - 1) return; // no facts at all: zeros (MEAN leaves it out)
      const lift = variant === 'TREATMENT' ? 3 : 0;
      const offsets = [-1, 0, 20 * 60_000, HOUR, HOUR + 1, 3 * HOUR, ...Array.from({ length: i % 3 }, (_, j) => (j + 1) * 5 * 60_000)];
      for (const off of offsets) {
        k++;
        orders.push({
          user_id: id,
          amount: k % 7 === 3 ? null : 5.25 + ((k * 13) % 40) + lift,
          status: k % 3 === 0 ? 'open' : 'done',
          sku: `sku-${k % 5}`,
          ts: at + off,
        });
      }
      for (let s = 0; s < 1 + (i % 4); s++) sessions.push({ user_id: id, ts: at + s * 30 * 60_000, pages: 1 + s });
      sessions.push({ user_id: id, ts: at - 1, pages: 9 }); // before exposure: never counts
    });
  }
  // Rows no exposed subject owns, and a row without subject: counted nowhere.
  orders.push({ user_id: 'ghost', amount: 1000, status: 'done', sku: 'x', ts: T0 }, { user_id: null, amount: 1000, status: 'done', sku: 'x', ts: T0 });
  events.push(sdkEvent('purchase', { identifier: 'c1', value: '1', timestamp: first.get('c1')!.at + 1000 }));
  return events;
}

// ---------------------------------------------------------------- independent reference

type Agg = 'COUNT' | 'SUM' | 'MEAN' | 'COUNT_DISTINCT' | 'OCCURRENCE';
interface Operand<R> { rows: R[]; agg: Agg; value?: (r: R) => number | string | null; where?: (r: R) => boolean }

/** Per-subject value of an operand (null = subject left out: MEAN without values). */
function operandValue<R extends { user_id: string | null; ts: number }>(o: Operand<R>, id: string, windowHours: number | null): number | null {
  const at = first.get(id)!.at;
  const rows = o.rows.filter((r) => r.user_id === id && r.ts >= at && (windowHours == null || r.ts <= at + windowHours * HOUR) && (o.where ?? (() => true))(r));
  const values = rows.map((r) => o.value?.(r) ?? null).filter((v) => v !== null);
  switch (o.agg) {
    case 'COUNT': return rows.length;
    case 'OCCURRENCE': return rows.length > 0 ? 1 : 0;
    case 'SUM': return (values as number[]).reduce((a, b) => a + b, 0);
    case 'MEAN': return values.length ? (values as number[]).reduce((a, b) => a + b, 0) / values.length : null;
    case 'COUNT_DISTINCT': return new Set(values).size;
  }
}

function summary(xs: number[]) {
  const n = xs.length;
  const sum = xs.reduce((a, b) => a + b, 0);
  const mean = n ? sum / n : 0;
  const variance = n > 1 ? xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
  return { n, sum, mean, variance };
}

const ids = (variant: string) => [...first].filter(([, f]) => f.variant === variant).map(([id]) => id);

// ---------------------------------------------------------------- setup

const RESULTS = graphql(`query FactResults($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { results { frozen
  metrics { metric { name kind aggregation } variants { variant { key } n mean variance sum } } } } }`);

const FACT_RESULTS_OVER_TIME = graphql(`query FactResultsOverTime($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) {
  resultsOverTime(interval: HOUR) { bucketEnd results { metrics { metric { name } variants { variant { key } n sum } } } } } }`);

const METRIC_DEFINITION = graphql(`query FactMetricDefinition($id: ID!) { node(id: $id) { ... on Metric { kind aggregation definition {
  ... on FactMetricDefinition { numerator { factTable { name } aggregation column rowFilters } denominator { factTable { name } aggregation column rowFilters } } } } } }`);

const ENV_FACT_TABLES = graphql(`query EnvironmentFactTables($key: String!) { environment(key: $key) { factTables(first: 10) { totalCount edges { node { name metrics { name } } } } } }`);

const EXPERIMENT_ID = graphql(`query FactExperimentId($env: String!, $key: String!) { experiment(environmentKey: $env, key: $key) { id } }`);

const UPDATE_FACT_METRIC = graphql(`mutation UpdateFactMetric($input: UpdateMetricInput!) { updateMetric(input: $input) { metric { id } errors { code message field } } }`);

const DELETE_METRIC = graphql(`mutation DeleteFactMetric($id: ID!) { deleteMetric(id: $id) { deletedId errors { code message } } }`);

async function createTable(input: Omit<CreateFactTableInput, 'environmentKey'>, env = ENV) {
  const r = await t.executeOk(CreateFactTable, { input: { environmentKey: env, ...input } });
  return r.createFactTable;
}

async function createMetric(input: Omit<CreateMetricInput, 'environmentKey'>, env = ENV) {
  const r = await t.executeOk(CreateMetric, { input: { environmentKey: env, ...input } });
  return r.createMetric;
}

let ordersId = '';
let sessionsId = '';
const metricIds: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({
    env: { LIFTGATE_FACT_LIMITS_BY_ENVIRONMENT: JSON.stringify({ [LIMITED]: { maxResultRows: 5, maxRowsToRead: 6_000, maxExecutionSeconds: 1, maxMemoryBytes: 10_000_000 } }) },
  });
  await t.createEnvironments(ENV, OTHER, LIMITED);
  await postSdkEvents(t, ENV, buildData());
  await postSdkEvents(t, OTHER, [sdkEvent('secret', { identifier: 'other-user', value: 'other-env-marker', timestamp: T0 })]);
  await loadRows(t, ENV, 'orders', orders.map((o) => ({ ...o, ts: sqlTime(o.ts) })));
  await loadRows(t, ENV, 'sessions', sessions.map((s) => ({ ...s, ts: sqlTime(s.ts) })));
  await loadRows(t, LIMITED, 'big', Array.from({ length: 1000 }, (_, i) => ({ n: i, s: `row-${i}` })));
}, 240_000);

afterAll(async () => {
  await t?.stop();
});

describe('introspection', () => {
  it('previews columns with the engine type and bucket, and at most `limit` rows', async () => {
    const r = await t.executeOk(PreviewFactTable, {
      input: { environmentKey: ENV, sql: 'SELECT user_id, amount, toBool(status = \'done\') AS done, ts FROM orders ORDER BY ts', limit: 3 },
    });
    expect(r.previewFactTable.errors).toEqual([]);
    const { columns, rows } = r.previewFactTable.preview!;
    expect(columns.map((c) => [c.name, c.type])).toEqual([['user_id', 'STRING'], ['amount', 'NUMBER'], ['done', 'BOOLEAN'], ['ts', 'TIMESTAMP']]);
    expect(columns.find((c) => c.name === 'amount')!.warehouseType).toBe('Nullable(Float64)');
    expect(rows).toHaveLength(3);
    expect(Object.keys(rows[0] as object)).toEqual(['user_id', 'amount', 'done', 'ts']);
  });

  it('refuses a timestamp column that is not a TIMESTAMP, identifier columns that do not exist, and filters that are not boolean', async () => {
    const base = { name: 'bad', sql: 'SELECT user_id, amount, ts FROM orders', timestampColumn: 'ts', identifierColumns: ['user_id'] };
    expect((await createTable({ ...base, timestampColumn: 'amount' })).errors).toMatchObject([{ code: 'VALIDATION', field: ['input', 'timestampColumn'] }]);
    expect((await createTable({ ...base, identifierColumns: ['customer'] })).errors).toMatchObject([{ code: 'VALIDATION', field: ['input', 'identifierColumns', '0'] }]);
    expect((await createTable({ ...base, rowFilters: [{ name: 'n', sql: 'amount + 1' }] })).errors).toMatchObject([
      { code: 'VALIDATION', field: ['input', 'rowFilters', '0', 'sql'] },
    ]);
    expect((await createTable({ ...base, rowFilters: [{ name: 'n', sql: 'nope > 1' }] })).errors).toMatchObject([
      { code: 'VALIDATION', field: ['input', 'rowFilters', '0', 'sql'] },
    ]);
    expect((await createTable({ ...base, rowFilters: [{ name: 'n', sql: 'amount IN (SELECT 1)' }] })).errors).toMatchObject([
      { code: 'UNSAFE_SQL', field: ['input', 'rowFilters', '0', 'sql'] },
    ]);
  });
});

describe('fact tables and metrics', () => {
  it('creates fact tables (SQL stored as the engine formats it) and refuses a duplicate name', async () => {
    const o = await createTable({
      name: 'orders',
      sql: 'SELECT user_id, amount, status, sku, ts FROM orders -- all orders',
      timestampColumn: 'ts',
      identifierColumns: ['user_id'],
      rowFilters: [{ name: 'done', sql: "status = 'done'" }, { name: 'big', sql: 'amount > 20' }],
    });
    expect(o.errors).toEqual([]);
    expect(o.factTable!.sql).toBe('SELECT user_id, amount, status, sku, ts FROM orders');
    expect(o.factTable!.rowFilters).toEqual([{ name: 'done', sql: "(status = 'done')" }, { name: 'big', sql: '(amount > 20)' }]);
    ordersId = o.factTable!.id;
    const s = await createTable({ name: 'sessions', sql: 'SELECT * FROM sessions', timestampColumn: 'ts', identifierColumns: ['user_id'] });
    expect(s.errors).toEqual([]);
    sessionsId = s.factTable!.id;
    expect((await createTable({ name: 'orders', sql: 'SELECT * FROM orders', timestampColumn: 'ts', identifierColumns: ['user_id'] })).errors).toMatchObject([
      { code: 'CONFLICT' },
    ]);
  });

  it('creates FACT metrics of every aggregation, RATIO across two fact tables, and checks operands', async () => {
    const fact = (numerator: FactOperandInput, denominator?: FactOperandInput) => ({ fact: { numerator, ...(denominator ? { denominator } : {}) } });
    const specs: [string, Omit<CreateMetricInput, 'environmentKey' | 'name'>][] = [
      ['orders', { aggregation: 'COUNT', definition: fact({ factTableId: ordersId, aggregation: 'COUNT' }) }],
      ['revenue done', { aggregation: 'SUM', definition: fact({ factTableId: ordersId, aggregation: 'SUM', column: 'amount', rowFilters: ['done'] }) }],
      ['mean amount 1h', { aggregation: 'MEAN', windowHours: 1, definition: fact({ factTableId: ordersId, aggregation: 'MEAN', column: 'amount' }) }],
      ['skus', { aggregation: 'COUNT_DISTINCT', definition: fact({ factTableId: ordersId, aggregation: 'COUNT_DISTINCT', column: 'sku' }) }],
      ['big buyer', { aggregation: 'OCCURRENCE', definition: fact({ factTableId: ordersId, aggregation: 'OCCURRENCE', rowFilters: ['big', 'done'] }) }],
      ['revenue per session', {
        aggregation: 'RATIO',
        definition: fact({ factTableId: ordersId, aggregation: 'SUM', column: 'amount' }, { factTableId: sessionsId, aggregation: 'COUNT' }),
      }],
    ];
    for (const [name, input] of specs) {
      const r = await createMetric({ name, ...input });
      expect(r.errors, name).toEqual([]);
      metricIds[name] = r.metric!.id;
    }
    const def = await t.executeOk(METRIC_DEFINITION, { id: metricIds['revenue per session']! });
    expect(def.node).toMatchObject({
      kind: 'FACT', aggregation: 'RATIO',
      definition: { numerator: { factTable: { name: 'orders' }, aggregation: 'SUM', column: 'amount', rowFilters: [] }, denominator: { factTable: { name: 'sessions' }, aggregation: 'COUNT', column: null } },
    });
    const bad: [Omit<CreateMetricInput, 'environmentKey' | 'name'>, string][] = [
      [{ aggregation: 'SUM', definition: fact({ factTableId: ordersId, aggregation: 'SUM', column: 'status' }) }, 'needs a NUMBER column'],
      [{ aggregation: 'SUM', definition: fact({ factTableId: ordersId, aggregation: 'SUM' }) }, 'needs a column'],
      [{ aggregation: 'COUNT', definition: fact({ factTableId: ordersId, aggregation: 'COUNT', rowFilters: ['nope'] }) }, 'row filter nope'],
      [{ aggregation: 'SUM', definition: fact({ factTableId: ordersId, aggregation: 'SUM', column: 'amount' }, { factTableId: sessionsId, aggregation: 'COUNT' }) }, 'RATIO'],
      [{ aggregation: 'COUNT', definition: fact({ factTableId: ordersId, aggregation: 'COUNT', column: 'amount' }) }, 'takes no column'],
    ];
    for (const [input, message] of bad) {
      const r = await createMetric({ name: `bad ${message}`, ...input });
      expect(r.errors).toMatchObject([{ code: 'VALIDATION' }]);
      expect(r.errors[0]!.message).toContain(message);
    }
    // Another environment's fact table is not this environment's.
    expect((await createMetric({ name: 'foreign', aggregation: 'COUNT', definition: fact({ factTableId: ordersId, aggregation: 'COUNT' }) }, OTHER)).errors).toMatchObject([
      { code: 'VALIDATION' },
    ]);
    // No series is read from fact tables: monitoring cannot be turned on, at creation or later.
    const monitored = await createMetric({
      name: 'monitored orders', aggregation: 'COUNT', definition: fact({ factTableId: ordersId, aggregation: 'COUNT' }), monitoring: { enabled: true, interval: 'DAY' },
    });
    expect(monitored.errors).toMatchObject([{ code: 'VALIDATION', field: ['input', 'monitoring', 'enabled'] }]);
    const later = await t.executeOk(UPDATE_FACT_METRIC, { input: { id: metricIds.orders!, monitoring: { enabled: true, interval: 'DAY' } } });
    expect(later.updateMetric.errors).toMatchObject([{ code: 'VALIDATION', field: ['input', 'monitoring', 'enabled'] }]);
    const list = await t.executeOk(ENV_FACT_TABLES, { key: ENV });
    expect(list.environment!.factTables.totalCount).toBe(2);
    expect(list.environment!.factTables.edges[0]!.node.metrics.map((m) => m.name)).toEqual(['orders', 'revenue done', 'mean amount 1h', 'skus', 'big buyer', 'revenue per session']);
  });

  it('re-validates the metrics when the SQL changes, and refuses to delete a fact table in use', async () => {
    const broken = await t.executeOk(UpdateFactTable, {
      input: { id: ordersId, sql: 'SELECT user_id, status, sku, ts FROM orders', rowFilters: [{ name: 'done', sql: "status = 'done'" }] },
    });
    expect(broken.updateFactTable.errors).toMatchObject([{ code: 'VALIDATION' }]);
    expect(broken.updateFactTable.errors[0]!.message).toMatch(/revenue done: column amount is not a column.*big buyer: row filter big/);
    // A filter of the table that reads a column the new SQL drops is refused by the engine.
    const filterBroken = await t.executeOk(UpdateFactTable, { input: { id: ordersId, sql: 'SELECT user_id, status, sku, ts FROM orders' } });
    expect(filterBroken.updateFactTable.errors).toMatchObject([{ code: 'VALIDATION', field: ['input', 'rowFilters', '1', 'sql'] }]);
    const dropFilter = await t.executeOk(UpdateFactTable, { input: { id: ordersId, rowFilters: [{ name: 'done', sql: "status = 'done'" }] } });
    expect(dropFilter.updateFactTable.errors[0]!.message).toMatch(/big buyer: row filter big/);
    const fine = await t.executeOk(UpdateFactTable, { input: { id: ordersId, sql: 'SELECT user_id, amount, status, sku, ts, 1 AS one FROM orders' } });
    expect(fine.updateFactTable.errors).toEqual([]);
    expect(fine.updateFactTable.factTable!.columns.map((c) => c.name)).toContain('one');
    const del = await t.executeOk(DeleteFactTable, { id: sessionsId });
    expect(del.deleteFactTable.errors).toMatchObject([{ code: 'CONFLICT' }]);
    expect(del.deleteFactTable.errors[0]!.message).toContain('revenue per session');
    // Once its only metric is deleted, a fact table can be deleted (and leaves the list).
    const spare = await createTable({ name: 'spare', sql: 'SELECT * FROM sessions', timestampColumn: 'ts', identifierColumns: ['user_id'] });
    const metric = await createMetric({ name: 'spare count', aggregation: 'COUNT', definition: { fact: { numerator: { factTableId: spare.factTable!.id, aggregation: 'COUNT' } } } });
    expect((await t.executeOk(DeleteFactTable, { id: spare.factTable!.id })).deleteFactTable.errors).toMatchObject([{ code: 'CONFLICT' }]);
    expect((await t.executeOk(DELETE_METRIC, { id: metric.metric!.id })).deleteMetric.errors).toEqual([]);
    expect((await t.executeOk(DeleteFactTable, { id: spare.factTable!.id })).deleteFactTable).toEqual({ deletedId: spare.factTable!.id, errors: [] });
  });

  it('reads `events` as the environment\'s own events only', async () => {
    const own = await t.executeOk(PreviewFactTable, { input: { environmentKey: ENV, sql: "SELECT count() AS n FROM events WHERE event = 'secret'", limit: 5 } });
    expect(own.previewFactTable.errors).toEqual([]);
    expect(own.previewFactTable.preview!.rows.map((r) => Number((r as { n: unknown }).n))).toEqual([0]);
    const other = await t.executeOk(PreviewFactTable, { input: { environmentKey: OTHER, sql: 'SELECT event, value FROM events', limit: 5 } });
    expect(other.previewFactTable.preview!.rows).toEqual([{ event: 'secret', value: 'other-env-marker' }]);
    const none = await t.executeOk(PreviewFactTable, { input: { environmentKey: OTHER, sql: 'SELECT * FROM orders', limit: 5 } });
    expect(none.previewFactTable.errors).toMatchObject([{ code: 'VALIDATION' }]);
    expect(JSON.stringify(none)).not.toMatch(/liftgate_test|environment_id|DB::Exception/);
  });
});

describe('results', () => {
  type Row = NonNullable<NonNullable<Awaited<ReturnType<typeof read>>>['metrics']>[number];
  const read = async () => (await t.executeOk(RESULTS, { env: ENV, key: 'FACTS' })).experiment!.results!;
  const byName = (metrics: Row[], name: string) => metrics.find((m) => m.metric.name === name)!;

  const amount = (o: Order) => o.amount;
  const expectations: [string, Operand<Order>, number | null][] = [
    ['orders', { rows: orders, agg: 'COUNT' }, null],
    ['revenue done', { rows: orders, agg: 'SUM', value: amount, where: (o) => o.status === 'done' }, null],
    ['mean amount 1h', { rows: orders, agg: 'MEAN', value: amount }, 1],
    ['skus', { rows: orders, agg: 'COUNT_DISTINCT', value: (o) => o.sku }, null],
    ['big buyer', { rows: orders, agg: 'OCCURRENCE', where: (o) => o.amount !== null && o.amount > 20 && o.status === 'done' }, null],
  ];

  it('computes every FACT metric beside EVENT metrics in one warehouse query', async () => {
    await seed(t)
      .in(ENV)
      .metric('purchases', { aggregation: 'COUNT', event: 'purchase' })
      .attach(metricIds.orders!)
      .attach(metricIds['revenue done']!)
      .attach(metricIds['mean amount 1h']!)
      .attach(metricIds.skus!)
      .attach(metricIds['big buyer']!)
      .attach(metricIds['revenue per session']!)
      .experiment({
        key: 'facts', featureName: 'checkout',
        variants: [{ key: 'control', name: 'Control', isControl: true }, { key: 'treatment', name: 'Treatment' }],
        allocations: [{ variantKey: 'CONTROL', split: 0.5 }, { variantKey: 'TREATMENT', split: 0.5 }],
      })
      .start();
    const families: string[] = [];
    const stop = t.app.warehouse.queries.onQuery((e) => families.push(e.family));
    const results = await read();
    stop();
    expect(families).toEqual(['results.metrics']);
    for (const [name, operand, windowHours] of expectations) {
      const metric = byName(results.metrics, name);
      for (const variant of ['CONTROL', 'TREATMENT']) {
        const xs = ids(variant).map((id) => operandValue(operand, id, windowHours)).filter((v): v is number => v !== null);
        const want = summary(xs);
        const got = metric.variants.find((v) => v.variant.key === variant)!;
        expect({ name, variant, n: got.n }).toEqual({ name, variant, n: want.n });
        expect(got.sum, `${name} ${variant} sum`).toBeCloseTo(want.sum, 6);
        expect(got.mean, `${name} ${variant} mean`).toBeCloseTo(want.mean, 6);
        expect(got.variance, `${name} ${variant} variance`).toBeCloseTo(want.variance, 6);
      }
    }
    // RATIO: Σ revenue / Σ sessions per variant, with the delta-method variance (Deng et al. 2018).
    const ratio = byName(results.metrics, 'revenue per session');
    for (const variant of ['CONTROL', 'TREATMENT']) {
      const subjects = ids(variant);
      const x = subjects.map((id) => operandValue({ rows: orders, agg: 'SUM', value: amount }, id, null)!);
      const y = subjects.map((id) => operandValue({ rows: sessions as unknown as Order[], agg: 'COUNT' }, id, null)!);
      const sx = summary(x);
      const sy = summary(y);
      const n = subjects.length;
      const cov = x.reduce((a, xi, i) => a + (xi - sx.mean) * (y[i]! - sy.mean), 0) / (n - 1);
      const r = sx.sum / sy.sum;
      const got = ratio.variants.find((v) => v.variant.key === variant)!;
      expect(got.n).toBe(n);
      expect(got.mean).toBeCloseTo(r, 9);
      expect(got.variance).toBeCloseTo((sx.variance - 2 * r * cov + r * r * sy.variance) / (sy.mean * sy.mean), 6);
    }
    expect(byName(results.metrics, 'purchases').variants.find((v) => v.variant.key === 'CONTROL')!.sum).toBe(1);
  });

  it('reads FACT metrics over time in one query: the bucket that ends after every row equals results', async () => {
    const live = await read();
    const families: string[] = [];
    const stop = t.app.warehouse.queries.onQuery((e) => families.push(e.family));
    const overTime = (await t.executeOk(FACT_RESULTS_OVER_TIME, { env: ENV, key: 'FACTS' })).experiment!.resultsOverTime;
    stop();
    expect(families).toEqual(['results.over-time']);
    const last = overTime.at(-1)!.results;
    for (const [name] of [...expectations, ['revenue per session']]) {
      const want = byName(live.metrics, name as string).variants.map((v) => ({ key: v.variant.key, n: v.n, sum: v.sum }));
      const got = last.metrics.find((m) => m.metric.name === name)!.variants.map((v) => ({ key: v.variant.key, n: v.n, sum: v.sum }));
      expect(got, name as string).toEqual(want);
    }
  });

  it('keeps FACT metrics in the frozen snapshot, and blocks deleting an attached FACT metric while live', async () => {
    const live = await read();
    const del = await t.executeOk(DELETE_METRIC, { id: metricIds.skus! });
    expect(del.deleteMetric.errors).toMatchObject([{ code: 'CONFLICT' }]);
    const experimentId = (await t.executeOk(EXPERIMENT_ID, { env: ENV, key: 'FACTS' })).experiment!.id;
    const version = await t.executeOk(ExperimentVersion, { id: experimentId });
    const ended = await t.executeOk(EndExperiment, { input: { experimentId, expectedResourceVersion: (version.node as { resourceVersion: number }).resourceVersion, reason: 'SUCCESS' } });
    expect(ended.r.errors).toEqual([]);
    await loadRows(t, ENV, 'orders', [{ user_id: 'c0', amount: 999, status: 'done', sku: 'late', ts: sqlTime(T0 + 60_000) }]);
    const frozen = await read();
    expect(frozen.frozen).toBe(true);
    for (const name of ['orders', 'revenue done', 'revenue per session']) expect(byName(frozen.metrics, name).variants).toEqual(byName(live.metrics, name).variants);
  });
});

describe('sandbox limits', () => {
  const preview = async (sql: string, limit = 20) => (await t.executeOk(PreviewFactTable, { input: { environmentKey: LIMITED, sql, limit } })).previewFactTable;

  it('names each limit it enforces', async () => {
    const cases: [string, string, number?][] = [
      ['SELECT n FROM big', 'max_result_rows', 20],
      [`SELECT count() AS c FROM (${Array.from({ length: 7 }, () => 'SELECT n FROM big').join(' UNION ALL ')})`, 'max_rows_to_read'],
      ['SELECT count() AS c FROM (SELECT a.n FROM (SELECT n FROM big LIMIT 40) AS a, (SELECT n FROM big LIMIT 40) AS b, (SELECT n FROM big LIMIT 40) AS c, (SELECT n FROM big LIMIT 40) AS d, (SELECT n FROM big LIMIT 40) AS e WHERE sipHash64(a.n, b.n, c.n, d.n, e.n) % 7 = 0)', 'max_execution_time'],
      ['SELECT uniqExact(s) AS c, groupArray(s) AS all FROM (SELECT concat(a.s, b.s) AS s FROM (SELECT s FROM big) AS a, (SELECT s FROM big) AS b)', 'max_memory_usage'],
    ];
    for (const [sql, setting, limit] of cases) {
      const r = await preview(sql, limit);
      expect(r.errors, setting).toMatchObject([{ code: 'WAREHOUSE_LIMIT' }]);
      expect(r.errors[0]!.message).toContain(setting);
    }
    expect((await preview('SELECT n FROM big ORDER BY n', 5)).preview!.rows).toHaveLength(5);
  }, 60_000);
});
