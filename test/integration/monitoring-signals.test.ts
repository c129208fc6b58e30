/**
 * Anomaly signals end to end on the real stores (PGlite or, under `npm run test:postgres`,
 * PostgreSQL — advisory locks included — and chDB): events posted through POST /v1/events, the
 * scheduler evaluating closed hourly buckets, signals stored once per bucket, listed and linked
 * from series points, acknowledged by EDITORs (audited), resolved by a later evaluation back in
 * band, caught up after downtime, and evaluated on exactly one of two concurrent schedulers.
 * The schedulers run on a clock the test sets (`now`), on the app's own stores.
 */
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prismaClient } from '../../src/db/prisma-ref.js';
import { createMonitoringService, type MonitoringService, type SignalChange } from '../../src/domain/monitoring/service.js';
import { createMonitoringScheduler } from '../../src/jobs/monitoring-scheduler.js';
import { CreateMetric } from '../fixtures/operations.js';
import { createToken } from '../fixtures/tokens.js';
import { postSdkEvents, sdkEvent, type SdkEvent } from '../fixtures/sdk-events.js';
import { graphql } from '../generated/gql.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { observeWarehouseQueries } from '../helpers/warehouse.js';

const ENV = 'mon';
const HOUR = 3_600_000;
/** Start of the current hour: the spike is in the hour before it. */
const H = Math.floor(Date.now() / HOUR) * HOUR;
const LATENESS = 5 * 60_000;

const SIGNALS = graphql(`
  query MonitoringSignals($env: String!, $status: AnomalyStatus) {
    environment(key: $env) {
      anomalySignals(first: 20, status: $status) {
        totalCount
        edges { node { id bucket observed expected lower upper score direction severity status interval detectedAt acknowledgedAt resolvedAt metric { name } } }
      }
    }
  }
`);

const METRIC_SIGNALS = graphql(`
  query MonitoringMetricSignals($id: ID!, $from: DateTime!, $to: DateTime!) {
    node(id: $id) {
      ... on Metric {
        anomalySignals(first: 5) { totalCount edges { node { id status } } }
        series(from: $from, to: $to, interval: HOUR) { bucket value anomaly { id direction } }
      }
    }
  }
`);

const ACKNOWLEDGE = graphql(`
  mutation MonitoringAcknowledge($id: ID!) {
    acknowledgeAnomaly(id: $id) { anomalySignal { id status acknowledgedAt } errors { code message field } }
  }
`);

const SIGNAL_NODE = graphql(`
  query MonitoringSignalNode($id: ID!) { node(id: $id) { id ... on AnomalySignal { status metric { name } } } }
`);

const SIGNAL_AUDIT = graphql(`
  query MonitoringSignalAudit($env: String!) {
    auditLog(environmentKey: $env, entityType: ANOMALY_SIGNAL, first: 5) { edges { node { action entityId actorName before after } } }
  }
`);

const DELETE_METRIC = graphql(`
  mutation MonitoringDeleteMetric($id: ID!) { deleteMetric(id: $id) { deletedId errors { code message } } }
`);

let t: TestApp;
let service: MonitoringService;
const changes: SignalChange[] = [];
/** Global ids of the metrics by name, and their database ids. */
const ids: Record<string, string> = {};
const dbIds: Record<string, string> = {};
let seq = 0;

/** `n` events `event` spread over the hour starting at `hourStart`. */
function hourOf(event: string, hourStart: number, n: number): SdkEvent[] {
  return Array.from({ length: n }, (_, i) => sdkEvent(event, { identifier: `u${seq++ % 50}`, timestamp: hourStart + Math.floor(((i + 0.5) * HOUR) / n) }));
}

/** A scheduler on the test's service with the clock at `now`. */
const schedulerAt = (now: number) => createMonitoringScheduler(service, { tickMs: 60_000, latenessMs: LATENESS, now: () => new Date(now) });

async function signals(status?: 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED') {
  const data = await t.executeOk(SIGNALS, { env: ENV, status });
  return data.environment!.anomalySignals;
}

beforeAll(async () => {
  t = await createTestApp();
  await t.createEnvironments(ENV, 'mon-other');
  const monitoring = { enabled: true, interval: 'HOUR' as const, sensitivity: 3.5 };
  for (const [name, event, monitored] of [['Errors', 'error', true], ['Pageviews', 'pageview', true], ['Signups', 'signup', false]] as const) {
    const r = await t.executeOk(CreateMetric, {
      input: { environmentKey: ENV, name, aggregation: 'COUNT', definition: { event: { event } }, ...(monitored ? { monitoring } : {}) },
    });
    ids[name] = r.createMetric.metric!.id;
    dbIds[name] = decodeGlobalID(ids[name]!).id;
  }
  service = createMonitoringService({ prisma: prismaClient(), warehouse: t.app.warehouse.queries, onSignalChanged: (s) => changes.push(s) });
  // 15 days of ordinary hours, then the hour before H: errors spike, pageviews drop.
  const events: SdkEvent[] = [];
  for (let h = H - 15 * 24 * HOUR; h < H - HOUR; h += HOUR) {
    const k = (h / HOUR) % 4;
    events.push(...hourOf('error', h, 8 + k), ...hourOf('pageview', h, 12 + k), ...hourOf('signup', h, 2));
  }
  events.push(...hourOf('error', H - HOUR, 200), ...hourOf('pageview', H - HOUR, 1), ...hourOf('signup', H - HOUR, 100));
  await postSdkEvents(t, ENV, events);
}, 120_000);

afterAll(() => t?.stop());

describe('evaluation', () => {
  it('two concurrent schedulers: each metric evaluated once, one signal per anomalous bucket', async () => {
    const now = H + 10 * 60_000;
    const log = observeWarehouseQueries(t);
    const [a, b] = await Promise.all([schedulerAt(now).runOnce(), schedulerAt(now).runOnce()]).finally(() => log.stop());
    // Both metrics of the environment and interval in one warehouse scan.
    expect(log.count('metrics.series')).toBe(1);
    // Two monitored metrics (Signups is not monitored), each claimed by exactly one scheduler.
    expect(a.claimed + b.claimed).toBe(2);
    expect(a.created + b.created).toBe(2);
    const list = await signals();
    expect(list.totalCount).toBe(2);
    const byName = Object.fromEntries(list.edges.map((e) => [e.node.metric.name, e.node]));
    expect(byName.Errors).toMatchObject({ bucket: new Date(H - HOUR).toISOString(), observed: 200, direction: 'UP', severity: 'HIGH', status: 'OPEN', interval: 'HOUR' });
    expect(byName.Pageviews).toMatchObject({ bucket: new Date(H - HOUR).toISOString(), observed: 1, direction: 'DOWN', status: 'OPEN' });
    expect(byName.Errors!.expected).toBeGreaterThanOrEqual(8);
    expect(byName.Errors!.expected).toBeLessThanOrEqual(11);
    expect(byName.Errors!.upper).toBeLessThan(200);
    expect(byName.Pageviews!.lower).toBeGreaterThan(1);
    // The port heard each creation once, with the ids a subscriber needs.
    expect(changes.map((c) => c.id).sort()).toEqual(list.edges.map((e) => decodeGlobalID(e.node.id).id).sort());
    expect(changes.every((c) => c.metricId === dbIds.Errors || c.metricId === dbIds.Pageviews)).toBe(true);
    // The same clock again: nothing is due.
    expect((await schedulerAt(now).runOnce()).claimed).toBe(0);
  });

  it('re-evaluating a bucket (concurrently too) keeps one signal and notifies nothing new', async () => {
    const metrics = await prismaClient().metric.findMany({ where: { id: { in: [dbIds.Errors!, dbIds.Pageviews!] } } });
    const claimed = metrics.map((metric) => ({ metric, from: H - HOUR, to: H }));
    const before = changes.length;
    const results = await Promise.all([service.evaluate(claimed), service.evaluate(claimed), service.evaluate(claimed)]);
    expect(results.every((r) => r.scored === 2 && r.created === 0)).toBe(true);
    expect((await signals()).totalCount).toBe(2);
    expect(await prismaClient().anomalySignal.count({ where: { metricId: dbIds.Errors! } })).toBe(1);
    expect(changes.length).toBe(before);
  });

  it('series points link to their signal; Metric.anomalySignals lists it', async () => {
    const data = await t.executeOk(METRIC_SIGNALS, { id: ids.Errors!, from: new Date(H - 2 * HOUR).toISOString(), to: new Date(H).toISOString() });
    const node = data.node as { anomalySignals: { totalCount: number; edges: { node: { id: string } }[] }; series: { value: number; anomaly: { id: string; direction: string } | null }[] };
    expect(node.anomalySignals.totalCount).toBe(1);
    expect(node.series.map((p) => p.value)).toEqual([8 + ((H - 2 * HOUR) / HOUR) % 4, 200]);
    expect(node.series[0]!.anomaly).toBeNull();
    expect(node.series[1]!.anomaly).toEqual({ id: node.anomalySignals.edges[0]!.node.id, direction: 'UP' });
  });
});

describe('acknowledgeAnomaly', () => {
  it('EDITOR acknowledges an OPEN signal once (audited); VIEWER is FORBIDDEN, another environment NOT_FOUND', async () => {
    const errors = (await signals()).edges.find((e) => e.node.metric.name === 'Errors')!.node;
    const viewer = await createToken(t, 'mon-viewer', ENV, 'VIEWER');
    const outsider = await createToken(t, 'mon-outsider', 'mon-other', 'EDITOR');
    const editor = await createToken(t, 'mon-editor', ENV, 'EDITOR');

    const asViewer = await t.executeOk(ACKNOWLEDGE, { id: errors.id }, { token: viewer });
    expect(asViewer.acknowledgeAnomaly.errors.map((e) => e.code)).toEqual(['FORBIDDEN']);
    const asOutsider = await t.executeOk(ACKNOWLEDGE, { id: errors.id }, { token: outsider });
    expect(asOutsider.acknowledgeAnomaly.errors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    expect((await t.executeOk(SIGNAL_NODE, { id: errors.id }, { token: outsider })).node).toBeNull();
    expect((await t.executeOk(SIGNAL_NODE, { id: errors.id }, { token: viewer })).node).toMatchObject({ status: 'OPEN' });
    const before = changes.length;

    const ok = await t.executeOk(ACKNOWLEDGE, { id: errors.id }, { token: editor });
    expect(ok.acknowledgeAnomaly.errors).toEqual([]);
    expect(ok.acknowledgeAnomaly.anomalySignal).toMatchObject({ id: errors.id, status: 'ACKNOWLEDGED', acknowledgedAt: expect.any(String) });
    const again = await t.executeOk(ACKNOWLEDGE, { id: errors.id }, { token: editor });
    expect(again.acknowledgeAnomaly.errors[0]).toMatchObject({ code: 'INVALID_TRANSITION', message: 'cannot move from ACKNOWLEDGED to ACKNOWLEDGED; allowed from ACKNOWLEDGED: RESOLVED' });

    const audit = await t.executeOk(SIGNAL_AUDIT, { env: ENV });
    expect(audit.auditLog.edges.map((e) => e.node)).toEqual([
      expect.objectContaining({ action: 'ACKNOWLEDGE', entityId: errors.id, actorName: 'mon-editor', before: { status: 'OPEN' }, after: expect.objectContaining({ status: 'ACKNOWLEDGED' }) }),
    ]);
    // Acknowledgements are not the app's own service: the port of this test's service hears its own changes only.
    expect(changes.length).toBe(before);
    expect((await signals('ACKNOWLEDGED')).totalCount).toBe(1);
    expect((await signals('OPEN')).totalCount).toBe(1);
  });
});

describe('later evaluations', () => {
  it('late events bring a bucket back in band: its signal is RESOLVED on the next run', async () => {
    const normal: SdkEvent[] = [];
    normal.push(...hourOf('pageview', H - HOUR, 12)); // late events of the dropped hour
    normal.push(...hourOf('error', H, 9), ...hourOf('pageview', H, 13));
    await postSdkEvents(t, ENV, normal);
    const before = changes.length;
    const tick = await schedulerAt(H + HOUR + 10 * 60_000).runOnce();
    expect(tick).toMatchObject({ claimed: 2, created: 0, resolved: 1 });
    const pageviews = (await signals()).edges.find((e) => e.node.metric.name === 'Pageviews')!.node;
    expect(pageviews).toMatchObject({ status: 'RESOLVED', resolvedAt: expect.any(String) });
    // The spike is still a spike: its (acknowledged) signal stays.
    expect((await signals('ACKNOWLEDGED')).edges.map((e) => e.node.metric.name)).toEqual(['Errors']);
    expect(changes.slice(before)).toEqual([{ id: decodeGlobalID(pageviews.id).id, environmentId: expect.any(String), metricId: dbIds.Pageviews }]);
    const ack = await t.executeOk(ACKNOWLEDGE, { id: pageviews.id });
    expect(ack.acknowledgeAnomaly.errors[0]).toMatchObject({ code: 'INVALID_TRANSITION', message: 'cannot move from RESOLVED to ACKNOWLEDGED; allowed from RESOLVED: none' });
  });

  it('catches up every bucket missed while no scheduler ran, then stops cleanly', async () => {
    const missed: SdkEvent[] = [];
    for (let h = H + HOUR; h < H + 4 * HOUR; h += HOUR) missed.push(...hourOf('error', h, 9), ...hourOf('pageview', h, 13));
    await postSdkEvents(t, ENV, missed);
    const scheduler = schedulerAt(H + 4 * HOUR + 10 * 60_000);
    scheduler.start();
    await scheduler.stop(); // waits for the tick start() began
    const cursors = await prismaClient().monitorCursor.findMany({ where: { metricId: { in: [dbIds.Errors!, dbIds.Pageviews!] } } });
    expect(cursors.map((c) => [c.evaluatedThrough.getTime(), c.leaseOwner, c.leaseUntil])).toEqual([
      [H + 4 * HOUR, null, null],
      [H + 4 * HOUR, null, null],
    ]);
    expect((await signals()).totalCount).toBe(2);
  });

  it('signals of a deleted metric leave lists and node(id)', async () => {
    const pageviews = (await signals()).edges.find((e) => e.node.metric.name === 'Pageviews')!.node;
    const r = await t.executeOk(DELETE_METRIC, { id: ids.Pageviews! });
    expect(r.deleteMetric.errors).toEqual([]);
    expect((await signals()).edges.map((e) => e.node.metric.name)).toEqual(['Errors']);
    expect((await t.executeOk(SIGNAL_NODE, { id: pageviews.id })).node).toBeNull();
    // …and the scheduler no longer evaluates it.
    const tick = await schedulerAt(H + 5 * HOUR + 10 * 60_000).runOnce();
    expect(tick.claimed).toBe(1);
  });
});

describe('listing', () => {
  it('pages over 100 are refused like every connection\'s', async () => {
    const r = await t.gql(`{ environment(key: "${ENV}") { anomalySignals(first: 101) { totalCount } } }`);
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('newest bucket first (ties by id), filtered by status', async () => {
    const older = await prismaClient().anomalySignal.create({
      data: {
        environmentId: (await prismaClient().metric.findUniqueOrThrow({ where: { id: dbIds.Errors! } })).environmentId,
        metricId: dbIds.Errors!, interval: 'DAY', bucket: new Date(H - 3 * 24 * HOUR),
        observed: 1, expected: 2, lower: 1.5, upper: 2.5, score: -4, direction: 'DOWN', severity: 'LOW',
      },
    });
    const all = await signals();
    // The spike at H − 1h; the empty hour after the catch-up (H + 4h: no events sent) is a drop.
    const buckets = all.edges.map((e) => e.node.bucket);
    expect(buckets).toEqual([...buckets].sort().reverse());
    expect(buckets.slice(-2)).toEqual([new Date(H - HOUR).toISOString(), new Date(H - 3 * 24 * HOUR).toISOString()]);
    expect(all.edges.at(-1)!.node.id).toBe(encodeGlobalID('AnomalySignal', older.id));
    expect((await signals('OPEN')).edges.every((e) => e.node.status === 'OPEN')).toBe(true);
    expect((await signals('OPEN')).edges.map((e) => e.node.id)).toContain(encodeGlobalID('AnomalySignal', older.id));
    expect((await signals('RESOLVED')).totalCount).toBe(0); // the resolved one's metric is deleted
  });
});
