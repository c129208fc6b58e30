/**
 * The `events` layout of migration 002 (src/warehouse/migrations/002-events-layout.ts) on chDB:
 *
 * - moving a populated store of the old layout (001) gives the same results readout, loses no
 *   event and still counts a duplicated event once;
 * - exactly-once counting holds for a resend that arrives after a merge (OPTIMIZE … FINAL),
 *   across a restart of the warehouse, and for duplicate rows written straight into the table
 *   (what slips past the ingestion writer's stored-key check);
 * - the stored-key lookup finds events by their identity in the new layout.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse, type Warehouse } from '../../src/warehouse/client.js';
import { eventKeyString, findStoredEvents, insertEvents, type EventRow } from '../../src/warehouse/events-store.js';
import { migrateWarehouse } from '../../src/warehouse/migrations/index.js';
import { readExperimentAggregates } from '../../src/warehouse/readers/results.js';
import type { ResultsQueryInput } from '../../src/warehouse/sql/results-input.js';
import { sql } from '../../src/warehouse/sql.js';

const NOW = Date.now();
const T0 = NOW - 3_600_000;
let seq = 0;
/** The environment of the rows being built (each describe has its own; one database per file). */
let env = 'env-migrate';
function row(over: Partial<EventRow>): EventRow {
  return {
    environment_id: env, event_id: `id-${seq++}`, event: 'purchase', feature_name: null, identifier: 'u1', value: null,
    value_number: null, traits: '{}', metadata: '{}', timestamp: T0, received_at: NOW, ...over,
  };
}
const exposure = (id: string, variant: string, at: number) => row({ event: '$flag_exposure', feature_name: 'flag', identifier: id, value: variant, timestamp: at });
const purchase = (id: string, amount: number, at: number) =>
  row({ identifier: id, value: String(amount), value_number: amount, timestamp: at, traits: '{"plan":"pro"}' });

/** A small experiment: exposures (one subject in both variants), purchases, one event a day earlier. */
function dataset(): EventRow[] {
  const rows = [exposure('both', 'CONTROL', T0), exposure('both', 'TREATMENT', T0 + 1)];
  const subjects: [string, string, number[]][] = [
    ['c1', 'CONTROL', [10, 20]], ['c2', 'CONTROL', []], ['c3', 'CONTROL', [5]],
    ['t1', 'TREATMENT', [30]], ['t2', 'TREATMENT', [12.5, 2.5, 7]], ['t3', 'TREATMENT', []],
  ];
  for (const [id, variant, amounts] of subjects) {
    rows.push(exposure(id, variant, T0));
    amounts.forEach((a, i) => rows.push(purchase(id, a, T0 + 1000 + i)));
  }
  rows.push(purchase('c1', 1000, T0 - 86_400_000)); // before exposure: never counts
  return rows;
}

const INPUT: Omit<ResultsQueryInput, 'environmentId'> = { exposureEvent: '$flag_exposure', featureName: 'flag', variantKeys: ['CONTROL', 'TREATMENT'],
  metrics: [
    { source: 'events', metricId: 'revenue', event: 'purchase', aggregation: 'SUM', filters: [], windowHours: null },
    { source: 'events', metricId: 'orders', event: 'purchase', aggregation: 'COUNT', filters: [{ source: 'traits', key: 'plan', operator: 'EQ', values: ['pro'] }], windowHours: 24 },
    { source: 'events', metricId: 'aov', event: 'purchase', aggregation: 'MEAN', filters: [], windowHours: null },
  ],
};

/** The readout written out by hand from dataset(): the reference every state must give. */
const EXPECTED = {
  subjects: { CONTROL: 3, TREATMENT: 3 },
  multipleExposures: 1,
  revenue: { CONTROL: { n: 3, sum: 35 }, TREATMENT: { n: 3, sum: 52 } },
  orders: { CONTROL: { n: 3, sum: 3 }, TREATMENT: { n: 3, sum: 4 } },
  // aov (MEAN) is checked in expectReference: its Σ is of per-subject means.
};

let dir: string;
let wh: Warehouse;
// One database for the file: chDB keeps one session per process, and a reopened client stays on it.
const open = async () => openWarehouse({ clickhouseUrl: undefined, database: 'events_layout_test', dataDir: dir, onQuery: () => {} });
const readout = () => readExperimentAggregates(wh.queries, { ...INPUT, environmentId: env });
const count = async (statement: ReturnType<typeof sql>) => Number((await wh.queries.query<{ n: string }>('test', statement))[0]?.n);

/** Checks a readout against EXPECTED (n and Σx per variant; MEAN's Σ is of per-subject means). */
function expectReference(r: Awaited<ReturnType<typeof readout>>): void {
  expect(Object.fromEntries(r.subjects)).toEqual(EXPECTED.subjects);
  expect(r.multipleExposures).toBe(EXPECTED.multipleExposures);
  for (const metric of ['revenue', 'orders'] as const) {
    for (const variant of ['CONTROL', 'TREATMENT'] as const) {
      const got = r.metrics.get(metric)!.get(variant)!;
      expect({ n: got.n, sum: got.sum }, `${metric} ${variant}`).toEqual(EXPECTED[metric][variant]);
    }
  }
  // MEAN: c1 (10+20)/2 = 15, c3 5 → Σ 20; t1 30, t2 (12.5+2.5+7)/3 → Σ 30 + 22/3.
  expect(r.metrics.get('aov')!.get('CONTROL')!).toMatchObject({ n: 2, sum: 20 });
  expect(r.metrics.get('aov')!.get('TREATMENT')!.n).toBe(2);
  expect(r.metrics.get('aov')!.get('TREATMENT')!.sum).toBeCloseTo(30 + 22 / 3, 10);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'liftgate-layout-'));
});
afterAll(async () => {
  await wh?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('migration 002 on a populated store', () => {
  it('moves every event of the old layout: same readout, nothing lost, duplicates still counted once', async () => {
    wh = await open();
    expect(await migrateWarehouse(wh.queries, { upTo: 1 })).toEqual(['001-events']);
    const rows = dataset();
    await insertEvents(wh.queries, rows);
    await insertEvents(wh.queries, rows.slice(0, 6)); // a resend the old layout collapsed by FINAL
    const before = await readout();
    expectReference(before);
    const stored = await count(sql`SELECT count() AS n FROM events FINAL WHERE environment_id = ${env}`);
    expect(stored).toBe(rows.length);

    expect(await migrateWarehouse(wh.queries)).toEqual(['002-events-layout']);
    const [table] = await wh.queries.query<{ sorting_key: string }>('test', sql`SELECT sorting_key FROM system.tables WHERE database = currentDatabase() AND name = 'events'`);
    expect(table?.sorting_key).toContain('event_key');
    expect(await readout()).toEqual(before);
    expect(await count(sql`SELECT count() AS n FROM events FINAL WHERE environment_id = ${env}`)).toBe(rows.length);
    // Every event id of the old table is there, once after deduplication.
    expect(await count(sql`SELECT uniqExact(event_id) AS n FROM events WHERE environment_id = ${env}`)).toBe(rows.length);
    expect(await count(sql`SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name LIKE 'events_00%'`)).toBe(0);
    // Applied once: a second start changes nothing.
    expect(await migrateWarehouse(wh.queries)).toEqual([]);
    expect(await readout()).toEqual(before);
  });
});

describe('exactly-once counting in the new layout', () => {
  let rows: EventRow[];
  beforeAll(async () => {
    env = 'env-once';
    rows = dataset();
    await insertEvents(wh.queries, rows);
  });

  it('counts a resend that arrives after a merge once', async () => {
    expectReference(await readout());
    await wh.queries.command('test', sql`OPTIMIZE TABLE events FINAL`);
    await insertEvents(wh.queries, rows.map((r) => ({ ...r, received_at: r.received_at + 5_000 })));
    expectReference(await readout());
    expect(await count(sql`SELECT count() AS n FROM events WHERE environment_id = ${env}`)).toBe(2 * rows.length); // both copies stored, one counted
  });

  it('counts duplicate rows written past the write-side check once, within one insert and across inserts', async () => {
    const dup = rows.filter((r) => r.event === 'purchase');
    await insertEvents(wh.queries, [...dup, ...dup]);
    expectReference(await readout());
  });

  it('still counts once after a restart, and a resend after the restart too', async () => {
    await wh.close();
    wh = await open();
    expect(await migrateWarehouse(wh.queries)).toEqual([]);
    expectReference(await readout());
    await insertEvents(wh.queries, rows);
    expectReference(await readout());
    await wh.queries.command('test', sql`OPTIMIZE TABLE events FINAL`);
    expectReference(await readout());
    expect(await count(sql`SELECT count() AS n FROM events WHERE environment_id = ${env}`)).toBe(rows.length);
  });

  it('finds stored events by their identity (environment, event, id, subject, day)', async () => {
    const known = rows[3]!;
    const keyOf = (r: EventRow) => eventKeyString(r.environment_id, r.event, r.event_id);
    const found = await findStoredEvents(wh.queries, [known, { ...known, event_id: 'never-stored' }]);
    expect([...found]).toEqual([keyOf(known)]);
    // Without a timestamp the lookup matches on (environment, event, id) alone.
    const bare = await findStoredEvents(wh.queries, [{ environment_id: known.environment_id, event: known.event, event_id: known.event_id }]);
    expect([...bare]).toEqual([keyOf(known)]);
  });
});
