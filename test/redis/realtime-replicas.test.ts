/**
 * Issue 12, item 6: subscriptions across replicas. Two gateway processes share one control plane
 * (PostgreSQL) and one Redis (REDIS_URL), as replicas behind a load balancer do; each keeps its
 * own embedded warehouse here. Events flushed on replica A make replica B re-send its
 * subscribers' experimentResults; a spike posted to A, evaluated by A's monitoring scheduler,
 * reaches an anomalySignals subscriber connected to B. Needs PostgreSQL and Redis on 127.0.0.1
 * (`npm run test:redis`): an absent server fails the suite rather than skipping it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { twoVariantExperiment } from '../fixtures/experiments.js';
import { exposureEvent, sdkEvent, type SdkEvent } from '../fixtures/sdk-events.js';
import { LiveAnomalySignalsDocument, LiveExperimentResultsDocument } from '../generated/graphql.js';
import { killGatewayProcesses, startGatewayProcess } from '../helpers/gateway-process.js';
import { wsClient, type WsTestClient } from '../helpers/ws-client.js';

const REDIS_URL = process.env.LIFTGATE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const POSTGRES_URL = process.env.LIFTGATE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TOKEN = `redis_${randomBytes(16).toString('hex')}`;
const PREFIX = `liftgate-test-${randomBytes(6).toString('hex')}:`;
const DATABASE = `liftgate_test_${randomBytes(6).toString('hex')}`;
const ENV = 'replicas-live';
const HOUR = 3_600_000;
const H = Math.floor(Date.now() / HOUR) * HOUR;
const dataDirs: string[] = [];
const clients: WsTestClient[] = [];
let redis: Redis;
let a: string;
let b: string;

function databaseUrl(name: string): string {
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function startGateway(env: Record<string, string>): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'liftgate-redis-'));
  dataDirs.push(dataDir);
  const { url } = await startGatewayProcess({
    LIFTGATE_DATA_DIR: dataDir, LIFTGATE_BOOTSTRAP_TOKEN: TOKEN, DATABASE_URL: databaseUrl(DATABASE),
    REDIS_URL, LIFTGATE_REDIS_KEY_PREFIX: PREFIX, LIFTGATE_LIVE_RESULTS_INTERVAL_MS: '200', ...env,
  });
  return url;
}

async function gql(url: string, query: string, variables?: Record<string, unknown>) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function post(url: string, events: SdkEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 5_000) {
    const res = await fetch(`${url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-environment-key': ENV },
      body: JSON.stringify({ events: events.slice(i, i + 5_000) }),
    });
    expect(res.status).toBe(200);
  }
}

beforeAll(async () => {
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
  await redis.connect();
  expect(await redis.ping()).toBe('PONG');
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  // A evaluates monitored metrics every second (no lateness); B runs no scheduler, so the signal
  // can only come from A. One after the other: the first creates the bootstrap token.
  a = await startGateway({ LIFTGATE_MONITORING_TICK_SECONDS: '1', LIFTGATE_MONITORING_LATENESS_SECONDS: '0' });
  b = await startGateway({ LIFTGATE_MONITORING_SCHEDULER: 'off' });
  const created = await gql(a, 'mutation($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { errors { code } } }', { input: { name: ENV, key: ENV } });
  expect(created.createEnvironment.errors).toEqual([]);
}, 180_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose().catch(() => {})));
  await killGatewayProcesses();
  const keys = redis ? await redis.keys(`${PREFIX}*`) : [];
  if (keys.length) await redis.del(...keys);
  redis?.disconnect();
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.end();
  await Promise.all(dataDirs.map((d) => rm(d, { recursive: true, force: true })));
});

it('events flushed on replica A make replica B re-send experimentResults', async () => {
  const input = twoVariantExperiment(ENV, 'cross');
  const exp = await gql(a, 'mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { experiment { id resourceVersion } errors { code message } } }', { input });
  const { id, resourceVersion } = exp.createExperiment.experiment;
  await gql(a, 'mutation($input: TransitionInput!) { startExperiment(input: $input) { errors { code } } }', { input: { experimentId: id, expectedResourceVersion: resourceVersion } });

  const client = wsClient(b, TOKEN);
  clients.push(client);
  const sub = client.subscribe(LiveExperimentResultsDocument, { environmentKey: ENV, experimentKey: 'cross' });
  const first = await sub.next();
  if (first.kind !== 'next' || !first.data) throw new Error(JSON.stringify(first));
  // Nothing happens on its own…
  await expect(sub.next(1_500)).rejects.toThrow(/no subscription item/);
  // …until events are stored on A: B reads again (from its own warehouse here) and re-sends.
  await post(a, [exposureEvent('flag_cross', 'on-a', 'CONTROL', Date.now())]);
  const second = await sub.next(5_000);
  if (second.kind !== 'next' || !second.data) throw new Error(JSON.stringify(second));
  expect(Date.parse(second.data.experimentResults.computedAt)).toBeGreaterThan(Date.parse(first.data.experimentResults.computedAt));
  sub.stop();
});

it('a spike posted to replica A and detected there reaches an anomalySignals subscriber on replica B', async () => {
  // History and the spike (the hour before H) go to A's warehouse before the metric exists, so
  // A's scheduler finds the spike in the first bucket it evaluates.
  const events: SdkEvent[] = [];
  let seq = 0;
  const hourOf = (hourStart: number, n: number) =>
    Array.from({ length: n }, (_, i) => sdkEvent('error', { identifier: `u${seq++ % 50}`, timestamp: hourStart + Math.floor(((i + 0.5) * HOUR) / n) }));
  for (let h = H - 15 * 24 * HOUR; h < H - HOUR; h += HOUR) events.push(...hourOf(h, 8 + ((h / HOUR) % 4)));
  events.push(...hourOf(H - HOUR, 200));
  await post(a, events);

  const client = wsClient(b, TOKEN);
  clients.push(client);
  const sub = client.subscribe(LiveAnomalySignalsDocument, { environmentKey: ENV });
  await client.connected;
  await new Promise((r) => setTimeout(r, 500)); // the subscribe message reaches B

  const metric = await gql(b, 'mutation($input: CreateMetricInput!) { createMetric(input: $input) { metric { id } errors { code message } } }', {
    input: { environmentKey: ENV, name: 'Errors', aggregation: 'COUNT', definition: { event: { event: 'error' } }, monitoring: { enabled: true, interval: 'HOUR', sensitivity: 3.5 } },
  });
  expect(metric.createMetric.errors).toEqual([]);
  const item = await sub.next(30_000);
  if (item.kind !== 'next' || !item.data) throw new Error(JSON.stringify(item));
  expect(item.data.anomalySignals).toMatchObject({
    metric: { id: metric.createMetric.metric.id, name: 'Errors' }, bucket: new Date(H - HOUR).toISOString(), observed: 200, direction: 'UP', status: 'OPEN',
  });
  // The messages crossed through this deployment's Redis channels.
  const channels = (await redis.pubsub('CHANNELS', `${PREFIX}realtime:*`)) as string[];
  expect(channels.sort()).toEqual([`${PREFIX}realtime:eventsStored`, `${PREFIX}realtime:signalChanged`]);
});
