/**
 * Subscription.anomalySignals end to end (issue 12, items 5 and 7): a spike posted through
 * POST /v1/events, evaluated by the app's own monitoring service (a scheduler on a clock the test
 * sets), arrives on a graphql-ws subscription; the metricIds filter holds back other metrics'
 * signals; an acknowledgement (a status change) is pushed too; a subscriber whose token is revoked
 * gets UNAUTHENTICATED at the next signal and its subscription ends; a token of another
 * environment gets NOT_FOUND; too many metricIds is VALIDATION.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMonitoringScheduler } from '../../src/jobs/monitoring-scheduler.js';
import { CreateMetric } from '../fixtures/operations.js';
import { postSdkEvents, sdkEvent, type SdkEvent } from '../fixtures/sdk-events.js';
import { createToken } from '../fixtures/tokens.js';
import { graphql } from '../generated/gql.js';
import { LiveAnomalySignalsDocument } from '../generated/graphql.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { wsClient, type WsTestClient } from '../helpers/ws-client.js';

const ENV = 'live-signals';
const HOUR = 3_600_000;
const H = Math.floor(Date.now() / HOUR) * HOUR;
let t: TestApp;
const ids: Record<string, string> = {};
const clients: WsTestClient[] = [];
let seq = 0;

const CreateTokenWithId = graphql(`
  mutation LiveSignalsCreateToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) { token apiToken { id } errors { code message } }
  }
`);
const RevokeToken = graphql(`
  mutation LiveSignalsRevokeToken($id: ID!) { revokeApiToken(id: $id) { errors { code message } } }
`);
const Acknowledge = graphql(`
  mutation LiveSignalsAcknowledge($id: ID!) { acknowledgeAnomaly(id: $id) { errors { code message } } }
`);

function connect(token: string): WsTestClient {
  const c = wsClient(t.url, token);
  clients.push(c);
  return c;
}

/** `n` events spread over the hour starting at `hourStart`. */
function hourOf(event: string, hourStart: number, n: number): SdkEvent[] {
  return Array.from({ length: n }, (_, i) => sdkEvent(event, { identifier: `u${seq++ % 50}`, timestamp: hourStart + Math.floor(((i + 0.5) * HOUR) / n) }));
}

beforeAll(async () => {
  t = await createTestApp({ env: { LIFTGATE_MONITORING_SCHEDULER: 'off' } });
  await t.createEnvironments(ENV, 'live-signals-other');
  const monitoring = { enabled: true, interval: 'HOUR' as const, sensitivity: 3.5 };
  for (const [name, event] of [['Errors', 'error'], ['Pageviews', 'pageview']] as const) {
    const r = await t.executeOk(CreateMetric, { input: { environmentKey: ENV, name, aggregation: 'COUNT', definition: { event: { event } }, monitoring } });
    ids[name] = r.createMetric.metric!.id;
  }
  // 15 days of ordinary hours; the spike (errors) comes later, through /v1/events, in the hour before H.
  const events: SdkEvent[] = [];
  for (let h = H - 15 * 24 * HOUR; h < H - HOUR; h += HOUR) {
    const k = (h / HOUR) % 4;
    events.push(...hourOf('error', h, 8 + k), ...hourOf('pageview', h, 12 + k));
  }
  events.push(...hourOf('pageview', H - HOUR, 12));
  await postSdkEvents(t, ENV, events);
}, 180_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose().catch(() => {})));
  await t?.stop();
});

describe('anomalySignals', () => {
  it('refuses another environment\'s token (NOT_FOUND) and more than 100 metricIds (VALIDATION)', async () => {
    const outsider = await createToken(t, 'sig-outsider', 'live-signals-other', 'ADMIN');
    const sub = connect(outsider).subscribe(LiveAnomalySignalsDocument, { environmentKey: ENV });
    const first = await sub.next();
    expect(first.kind === 'next' && first.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await sub.next()).kind).toBe('complete');

    const many = Array.from({ length: 101 }, () => ids.Errors!);
    const tooMany = connect(t.token).subscribe(LiveAnomalySignalsDocument, { environmentKey: ENV, metricIds: many });
    const refused = await tooMany.next();
    expect(refused.kind === 'next' && refused.errors?.[0]?.extensions?.code).toBe('VALIDATION');
  });

  it('a spike sent through /v1/events arrives as a signal; the metricIds filter and a revoked token hold', async () => {
    const viewer = await t.executeOk(CreateTokenWithId, { input: { name: 'sig-viewer', grants: [{ environmentKey: ENV, role: 'VIEWER' }] } });
    const all = connect(t.token).subscribe(LiveAnomalySignalsDocument, { environmentKey: ENV });
    const pageviewsOnly = connect(t.token).subscribe(LiveAnomalySignalsDocument, { environmentKey: ENV, metricIds: [ids.Pageviews!] });
    const errorsOnly = connect(viewer.createApiToken.token!).subscribe(LiveAnomalySignalsDocument, { environmentKey: ENV, metricIds: [ids.Errors!] });
    await expect.poll(() => t.app.services.realtime.signals.subscribers()).toBe(3);
    // One bus listener for the environment, however many subscribers.
    expect(t.app.services.realtime.bus.listenerCount('signalChanged')).toBe(1);

    await postSdkEvents(t, ENV, hourOf('error', H - HOUR, 200));
    const scheduler = createMonitoringScheduler(t.app.services.monitoring, { tickMs: 60_000, latenessMs: 5 * 60_000, now: () => new Date(H + 10 * 60_000) });
    const summary = await scheduler.runOnce();
    expect(summary.created).toBe(1);

    for (const sub of [all, errorsOnly]) {
      const item = await sub.next(5_000);
      if (item.kind !== 'next' || !item.data) throw new Error(JSON.stringify(item));
      expect(item.data.anomalySignals).toMatchObject({
        metric: { id: ids.Errors, name: 'Errors' }, bucket: new Date(H - HOUR).toISOString(), observed: 200, direction: 'UP', status: 'OPEN',
      });
    }
    // One signal, one message (and one load for all three subscribers of this replica).
    expect(all.pending()).toBe(0);
    expect(t.app.services.realtime.signals.loads()).toBe(1);

    // Acknowledged (a status change): pushed again. The viewer's token is revoked first, so its
    // subscription ends at this event instead of receiving it.
    expect((await t.executeOk(RevokeToken, { id: viewer.createApiToken.apiToken!.id })).revokeApiToken.errors).toEqual([]);
    const list = await t.gql(`{ environment(key: "${ENV}") { anomalySignals(first: 5) { edges { node { id } } } } }`);
    const id = list.data.environment.anomalySignals.edges[0].node.id as string;
    expect((await t.executeOk(Acknowledge, { id })).acknowledgeAnomaly.errors).toEqual([]);
    const acknowledged = await all.next(5_000);
    expect(acknowledged.kind === 'next' && acknowledged.data?.anomalySignals).toMatchObject({ id, status: 'ACKNOWLEDGED' });
    const ended = await errorsOnly.next(5_000);
    expect(ended.kind === 'next' && ended.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(ended.kind === 'next' && ended.data).toBeFalsy();
    expect((await errorsOnly.next()).kind).toBe('complete');

    // Nothing of the Errors metric reached the Pageviews-only subscriber.
    expect(pageviewsOnly.pending()).toBe(0);
  });
});
