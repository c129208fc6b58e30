/**
 * The warehouse wrapper (src/warehouse/query.ts) on chDB, without the server: every family of
 * warehouse call this codebase makes carries its `query_id` prefix; settings travel as a SETTINGS
 * clause and never become session-wide; failures are classified unavailable / rejected; and the
 * results reader produces the sufficient statistics (paired sums included) that an independent
 * computation over the same rows gives.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse, type Warehouse } from '../../src/warehouse/client.js';
import { WarehouseError } from '../../src/warehouse/errors.js';
import { findStoredEvents, insertEvents, recentEventIds, type EventRow } from '../../src/warehouse/events-store.js';
import { warehouseHealthy } from '../../src/warehouse/health.js';
import { migrateWarehouse } from '../../src/warehouse/migrations/index.js';
import { QUERY_FAMILIES, type QueryEvent } from '../../src/warehouse/query.js';
import { readAggregatesOverTime, readExperimentAggregates } from '../../src/warehouse/readers/results.js';
import { readSeries } from '../../src/warehouse/readers/series.js';
import { sql } from '../../src/warehouse/sql.js';

let dir: string;
let wh: Warehouse;
const seen: QueryEvent[] = [];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const NOW = Date.now();
function row(over: Partial<EventRow>): EventRow {
  return {
    environment_id: 'env', event_id: `id-${Math.random()}`, event: 'purchase', feature_name: null, identifier: 'u1', value: null,
    value_number: null, traits: '{}', metadata: '{}', timestamp: NOW - 60_000, received_at: NOW, ...over,
  };
}
const exposure = (id: string, variant: string, at: number) => row({ event: '$flag_exposure', feature_name: 'flag', identifier: id, value: variant, timestamp: at });
const purchase = (id: string, amount: number, at: number) => row({ identifier: id, value: String(amount), value_number: amount, timestamp: at });
const visit = (id: string, at: number) => row({ event: 'visit', identifier: id, timestamp: at });

/** Per subject: [variant, purchase amounts, visits] (all after exposure). */
const SUBJECTS: [string, string, number[], number][] = [
  ['c1', 'CONTROL', [10, 20], 3],
  ['c2', 'CONTROL', [], 1],
  ['c3', 'CONTROL', [5], 1],
  ['c4', 'CONTROL', [1e9 + 7], 2],
  ['t1', 'TREATMENT', [30], 2],
  ['t2', 'TREATMENT', [12.5, 2.5], 4],
  ['t3', 'TREATMENT', [], 0],
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'liftgate-wh-'));
  wh = await openWarehouse({ clickhouseUrl: undefined, database: 'wh_queries_test', dataDir: dir, onQuery: (e) => seen.push(e) });
  await migrateWarehouse(wh.queries);
  const t0 = NOW - 3_600_000;
  const rows: EventRow[] = [exposure('both', 'CONTROL', t0), exposure('both', 'TREATMENT', t0 + 1)];
  for (const [id, variant, amounts, visits] of SUBJECTS) {
    rows.push(exposure(id, variant, t0));
    amounts.forEach((a, i) => rows.push(purchase(id, a, t0 + 1000 + i)));
    for (let i = 0; i < visits; i++) rows.push(visit(id, t0 + 2000 + i));
  }
  await insertEvents(wh.queries, rows);
});
afterAll(async () => {
  await wh?.close();
  await rm(dir, { recursive: true, force: true });
});

const familiesSeen = () => new Set(seen.map((e) => e.family));

describe('query_id', () => {
  it('is <family>.<uuid> for every family: setup, migrations, events insert / stored keys / recent ids, results, series, health', async () => {
    await findStoredEvents(wh.queries, [{ environment_id: 'env', event: 'purchase', event_id: 'nope' }]);
    for await (const _ of recentEventIds(wh.queries, { sinceMs: NOW - 60_000, maxAgeMs: 86_400_000, limit: 10 })) void _;
    await readExperimentAggregates(wh.queries, { environmentId: 'env', exposureEvent: '$flag_exposure', featureName: 'flag', variantKeys: ['CONTROL', 'TREATMENT'], metrics: [] });
    await readAggregatesOverTime(wh.queries, { environmentId: 'env', exposureEvent: '$flag_exposure', featureName: 'flag', variantKeys: ['CONTROL', 'TREATMENT'], metrics: [] }, [NOW]);
    expect(await warehouseHealthy(wh.queries)).toBe(true);
    await readSeries(wh.queries, [{ environmentId: 'env', interval: 'HOUR', series: [{ event: 'purchase', filters: [], fromMs: NOW - 2 * 3_600_000, toMs: NOW }] }]);

    for (const family of Object.values(QUERY_FAMILIES)) {
      const calls = seen.filter((e) => e.family === family);
      expect(calls.length, family).toBeGreaterThan(0);
      for (const call of calls) {
        // The id the connection reports back, i.e. the one it ran the statement under.
        expect(call.queryId.startsWith(`${family}.`), call.queryId).toBe(true);
        expect(call.queryId.slice(family.length + 1)).toMatch(UUID);
      }
    }
    expect(familiesSeen()).toEqual(new Set(Object.values(QUERY_FAMILIES)));
  });

  it('an experiment read is exactly one results.metrics query, whatever its metrics or data', async () => {
    const before = seen.length;
    await readExperimentAggregates(wh.queries, {
      environmentId: 'env', exposureEvent: '$flag_exposure', featureName: 'nobody-exposed', variantKeys: ['CONTROL', 'TREATMENT'],
      metrics: [{ source: 'events', metricId: 'm', event: 'purchase', aggregation: 'SUM', filters: [], windowHours: null }],
    });
    expect(seen.slice(before).map((e) => e.family)).toEqual(['results.metrics']);
  });
});

describe('settings', () => {
  it('travel with the statement and do not change the session', async () => {
    const [inside] = await wh.queries.query<{ v: string }>('test.settings', sql`SELECT getSetting('max_execution_time') AS v`, { settings: { max_execution_time: 7 } });
    expect(Number(inside!.v)).toBe(7);
    const [after] = await wh.queries.query<{ v: string }>('test.settings', sql`SELECT getSetting('max_execution_time') AS v`, { settings: {} });
    // Reads get a default limit of 60 s; the 7 of the previous statement did not stay.
    expect(Number(after!.v)).toBe(60);
    const [insert] = await wh.queries.query<{ v: unknown }>('test.settings', sql`SELECT getSetting('async_insert') AS v`);
    // The inserts above ran with async_insert = 0; chDB's session default (1) is untouched.
    expect(Number(insert!.v)).toBe(1);
  });
});

describe('errors', () => {
  it('a statement the engine rejects is a WarehouseError of kind rejected, reported to listeners', async () => {
    const before = seen.length;
    const err = await wh.queries.query('test.rejected', sql`SELECT * FROM no_such_table`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WarehouseError);
    expect(err).toMatchObject({ kind: 'rejected', family: 'test.rejected', retryable: false });
    expect(seen.slice(before)).toMatchObject([{ family: 'test.rejected', error: { kind: 'rejected' } }]);
  });

  it('an unreachable source is a WarehouseError of kind unavailable (retryable)', async () => {
    await wh.queries.command('test.setup', sql`CREATE TABLE IF NOT EXISTS far (x UInt8) AS remote('127.0.0.1:9', 'db', 'far')`);
    const err = await wh.queries.query('test.unavailable', sql`SELECT count() FROM far`).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'unavailable', retryable: true });
    expect(await warehouseHealthy(wh.queries)).toBe(true);
  });
});

describe('results reader', () => {
  it('reads n, Σx, Σx², the stable variance and, for a paired metric, Σy, Σy², Σxy, var(y), cov(x, y) per variant', async () => {
    const aggregates = await readExperimentAggregates(wh.queries, {
      environmentId: 'env', exposureEvent: '$flag_exposure', featureName: 'flag', variantKeys: ['CONTROL', 'TREATMENT', 'EMPTY'],
      metrics: [
        { source: 'events', metricId: 'revenue', event: 'purchase', aggregation: 'SUM', filters: [], windowHours: null },
        { source: 'events', metricId: 'per-visit', event: 'purchase', aggregation: 'SUM', filters: [], windowHours: null, paired: { event: 'visit', aggregation: 'COUNT', filters: [] } },
      ],
    });
    expect(aggregates.multipleExposures).toBe(1);
    expect(aggregates.subjects).toEqual(new Map([['CONTROL', 4], ['EMPTY', 0], ['TREATMENT', 3]]));
    for (const variant of ['CONTROL', 'TREATMENT']) {
      const members = SUBJECTS.filter((s) => s.at(1) === variant);
      const xs = members.map((s) => (s[2] as number[]).reduce((a, b) => a + b, 0));
      const ys = members.map((s) => s[3] as number);
      const n = xs.length;
      const mx = xs.reduce((a, b) => a + b, 0) / n;
      const my = ys.reduce((a, b) => a + b, 0) / n;
      const varX = xs.reduce((a, x) => a + (x - mx) ** 2, 0) / (n - 1);
      const varY = ys.reduce((a, y) => a + (y - my) ** 2, 0) / (n - 1);
      const cov = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0) / (n - 1);
      const revenue = aggregates.metrics.get('revenue')!.get(variant)!;
      expect(revenue).toMatchObject({ n, sum: xs.reduce((a, b) => a + b, 0), sumSquares: xs.reduce((a, x) => a + x * x, 0) });
      expect(revenue.variance / varX).toBeCloseTo(1, 9);
      expect(revenue.paired).toBeUndefined();
      const paired = aggregates.metrics.get('per-visit')!.get(variant)!;
      expect(paired.n).toBe(n);
      expect(paired.paired!.sumY).toBe(ys.reduce((a, b) => a + b, 0));
      expect(paired.paired!.sumYSquares).toBe(ys.reduce((a, y) => a + y * y, 0));
      expect(paired.paired!.sumXY).toBe(xs.reduce((a, x, i) => a + x * ys[i]!, 0));
      expect(paired.paired!.varianceY).toBeCloseTo(varY, 9);
      expect(paired.paired!.covariance / cov).toBeCloseTo(1, 9);
    }
    expect(aggregates.metrics.get('per-visit')!.get('EMPTY')).toEqual({
      n: 0, sum: 0, sumSquares: 0, variance: 0, paired: { sumY: 0, sumYSquares: 0, sumXY: 0, varianceY: 0, covariance: 0 },
    });
  });
});
